using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sync.FeatureSync.Jobs;

/// <summary>
/// Reads a feature-sync job from YAML (a file under <c>dags/</c>, e.g. <c>dags/feature_sync_user_features.yaml</c>):
/// <code>
/// feature_sync:
///   job: user_features
///   source_connection: online_features
///   table: features.user_features
///   key: user_id
///   ts: updated_at
///   mode: full-and-incremental      # full | incremental | full-and-incremental
///   start_ts: 2026-11-01T00:00:00   # incremental only
///   start_position: 2026-11-01T00:00:00.000000/42   # continue a deleted job
///   destinations: [oss://offline/warehouse]
///   format: orc
///   offline_table: user_features
///   partitions: 4
///   key_ranges: [1000, 2000, 3000]  # instead of CRC32(key) % partitions
///   settle: 5s
///   page_rows: 10000
///   quiet: 10s                      # full mode: stop after this long without new rows
///   roll: { rows: 1000000, bytes: 128MB, interval: 5m }
/// </code>
/// Every error names the file, line and column.
/// </summary>
public static class FeatureSyncJobYaml
{
    /// <summary>The top-level key that marks a YAML document as a feature-sync job.</summary>
    public const string RootKey = "feature_sync";

    public static FeatureSyncJob LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw new FeatureSyncConfigurationException($"cannot read {path}: {ex.Message}", ex);
        }
        return Parse(text, path);
    }

    public static FeatureSyncJob Parse(string yaml, string? file = null)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new FeatureSyncConfigurationException(ex.Message, file, ex.Start.Line, ex.Start.Column, ex);
        }
        catch (InvalidOperationException ex)
        {
            // The scanner fails this way on some malformed flow collections, without a position.
            throw new FeatureSyncConfigurationException($"{file ?? "YAML"}: malformed YAML ({ex.Message})", ex);
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new FeatureSyncConfigurationException($"expected one mapping with a '{RootKey}' key", file, 1, 1);
        var reader = new Reader(file);
        var body = reader.Mapping(reader.Required(root, RootKey, root), RootKey);
        reader.NoOthers(root, [RootKey]);

        string[] known =
        [
            "job", "source_connection", "table", "key", "ts", "mode", "start_ts", "start_position", "destinations", "format",
            "offline_table", "partitions", "key_ranges", "settle", "page_rows", "quiet", "roll",
        ];
        reader.NoOthers(body, known);
        var roll = reader.Optional(body, "roll") is { } rollNode ? reader.Mapping(rollNode, "roll") : null;
        if (roll != null) reader.NoOthers(roll, ["rows", "bytes", "interval"]);

        var keyRanges = reader.Optional(body, "key_ranges") is { } kr ? reader.Strings(kr, "key_ranges") : null;
        var job = new FeatureSyncJob
        {
            JobId = reader.Text(reader.Required(body, "job", body), "job"),
            SourceConnection = reader.Text(reader.Required(body, "source_connection", body), "source_connection"),
            Table = reader.Text(reader.Required(body, "table", body), "table"),
            KeyColumn = reader.Text(reader.Required(body, "key", body), "key"),
            TimestampColumn = reader.Text(reader.Required(body, "ts", body), "ts"),
            Mode = reader.Optional(body, "mode") is { } m ? reader.Convert(m, "mode", JobText.ParseMode) : SyncMode.Full,
            StartTimestamp = reader.Optional(body, "start_ts") is { } st ? reader.Convert(st, "start_ts", JobText.ParseTimestamp) : null,
            StartPosition = reader.Optional(body, "start_position") is { } sp ? reader.Convert(sp, "start_position", SyncPosition.Parse) : null,
            Destinations = reader.Strings(reader.Required(body, "destinations", body), "destinations"),
            Format = reader.Optional(body, "format") is { } f ? reader.Convert(f, "format", JobText.ParseFormat) : OutputFormat.Orc,
            OfflineTable = reader.Optional(body, "offline_table") is { } ot ? reader.Text(ot, "offline_table") : null,
            Partitions = reader.Optional(body, "partitions") is { } p ? reader.Convert(p, "partitions", ParseInt) : keyRanges is null ? FeatureSyncJob.DefaultPartitions : keyRanges.Count + 1,
            KeyRangeBounds = keyRanges,
            SettleDelay = reader.Optional(body, "settle") is { } s ? reader.Convert(s, "settle", JobText.ParseDuration) : FeatureSyncJob.DefaultSettleDelay,
            PageRows = reader.Optional(body, "page_rows") is { } pr ? reader.Convert(pr, "page_rows", ParseInt) : FeatureSyncJob.DefaultPageRows,
            QuietPeriod = reader.Optional(body, "quiet") is { } q ? reader.Convert(q, "quiet", JobText.ParseDuration) : FeatureSyncJob.DefaultQuietPeriod,
            RollRows = roll != null && reader.Optional(roll, "rows") is { } rr ? reader.Convert(rr, "roll.rows", t => (long)ParseInt(t)) : FeatureSyncJob.DefaultRollRows,
            RollBytes = roll != null && reader.Optional(roll, "bytes") is { } rb ? reader.Convert(rb, "roll.bytes", JobText.ParseSize) : FeatureSyncJob.DefaultRollBytes,
            RollInterval = roll != null && reader.Optional(roll, "interval") is { } ri ? reader.Convert(ri, "roll.interval", JobText.ParseDuration) : FeatureSyncJob.DefaultRollInterval,
        };
        try
        {
            job.Validate();
        }
        catch (FeatureSyncConfigurationException ex)
        {
            throw new FeatureSyncConfigurationException(ex.Message, file, body.Start.Line, body.Start.Column, ex);
        }
        return job;
    }

    private static int ParseInt(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw new FormatException($"'{text}' is not a whole number");

    private sealed class Reader(string? file)
    {
        public YamlNode Required(YamlMappingNode map, string key, YamlNode at) =>
            Optional(map, key) ?? throw Error(at, $"'{key}' is required");

        public YamlNode? Optional(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

        public YamlMappingNode Mapping(YamlNode node, string key) =>
            node as YamlMappingNode ?? throw Error(node, $"'{key}' must be a mapping");

        public string Text(YamlNode node, string key) =>
            node is YamlScalarNode { Value: { Length: > 0 } v } ? v : throw Error(node, $"'{key}' must be a non-empty text");

        public IReadOnlyList<string> Strings(YamlNode node, string key) => node switch
        {
            YamlSequenceNode seq => seq.Children.Select(c => Text(c, key)).ToList(),
            YamlScalarNode => [Text(node, key)],
            _ => throw Error(node, $"'{key}' must be a list"),
        };

        public T Convert<T>(YamlNode node, string key, Func<string, T> parse)
        {
            string text = Text(node, key);
            try
            {
                return parse(text);
            }
            catch (FormatException ex)
            {
                throw Error(node, $"'{key}': {ex.Message}");
            }
        }

        public void NoOthers(YamlMappingNode map, IReadOnlyCollection<string> known)
        {
            foreach (var key in map.Children.Keys)
            {
                if (key is not YamlScalarNode { Value: { } k } || !known.Contains(k))
                    throw Error(key, $"unknown key '{(key as YamlScalarNode)?.Value ?? key.ToString()}' (known: {string.Join(", ", known)})");
            }
        }

        private FeatureSyncConfigurationException Error(YamlNode node, string message) =>
            new(message, file, node.Start.Line, node.Start.Column);
    }
}
