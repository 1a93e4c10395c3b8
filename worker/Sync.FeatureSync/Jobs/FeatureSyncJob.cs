using System.Text.RegularExpressions;

namespace Sync.FeatureSync.Jobs;

/// <summary>
/// The definition of one feature-sync job: which online table to copy, in which order, where to, how files roll.
/// Stored as JSON in the state store; made by <c>feature-sync create</c> or from a YAML file under <c>dags/</c>.
/// Connections are names, resolved by the worker; no secret is ever part of a job.
/// </summary>
public sealed partial record FeatureSyncJob
{
    public const int DefaultPartitions = 1;
    public const long DefaultRollRows = 1_000_000;
    public const long DefaultRollBytes = 128L << 20;
    public const int DefaultPageRows = 10_000;
    public const int MaxPartitions = 256;
    public static readonly TimeSpan DefaultSettleDelay = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultRollInterval = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DefaultQuietPeriod = TimeSpan.FromSeconds(10);

    /// <summary>Job id: letters, digits, '_' and '-', at most 64 characters.</summary>
    public required string JobId { get; init; }

    /// <summary>Name of the online store's connection (resolved by <c>ConnectionResolver</c>).</summary>
    public required string SourceConnection { get; init; }

    /// <summary>Source table, <c>table</c> or <c>database.table</c>.</summary>
    public required string Table { get; init; }

    /// <summary>The key column: unique together with the timestamp column, the tie-breaker of the read order.</summary>
    public required string KeyColumn { get; init; }

    /// <summary>The timestamp column the job reads in order of (an index on (timestamp, key) makes reads cheap).</summary>
    public required string TimestampColumn { get; init; }

    public SyncMode Mode { get; init; } = SyncMode.Full;

    /// <summary>For <see cref="SyncMode.Incremental"/>: copy rows whose timestamp is at or after this wall-clock time.</summary>
    public DateTime? StartTimestamp { get; init; }

    /// <summary>Start after this position instead of from the beginning (a re-created job continuing where the old one stopped).</summary>
    public SyncPosition? StartPosition { get; init; }

    /// <summary>Offline store roots (file://, s3://, oss://); files go to <c>ROOT/OFFLINE_TABLE/dt=YYYY-MM-DD/</c> in each.</summary>
    public required IReadOnlyList<string> Destinations { get; init; }

    /// <summary>ORC by default; CSV for tools that read nothing else.</summary>
    public OutputFormat Format { get; init; } = OutputFormat.Orc;

    /// <summary>Folder name of the offline table under each destination; the source table's name when null.</summary>
    public string? OfflineTable { get; init; }

    /// <summary>Number of partition tasks when partitioning by <c>CRC32(key) % P</c>.</summary>
    public int Partitions { get; init; } = DefaultPartitions;

    /// <summary>
    /// When set, partitions are key ranges instead of hash buckets: bounds b1 &lt; b2 &lt; … give partitions
    /// (-∞, b1), [b1, b2), …, [bn, +∞), so <see cref="Partitions"/> must be bounds + 1.
    /// </summary>
    public IReadOnlyList<string>? KeyRangeBounds { get; init; }

    /// <summary>Rows are read only once their timestamp is at least this old, so late commits are not skipped.</summary>
    public TimeSpan SettleDelay { get; init; } = DefaultSettleDelay;

    /// <summary>A file is published once it holds this many rows.</summary>
    public long RollRows { get; init; } = DefaultRollRows;

    /// <summary>A file is published once its rows hold about this many bytes.</summary>
    public long RollBytes { get; init; } = DefaultRollBytes;

    /// <summary>A file is published once its first row was read this long ago, so followers see rows soon.</summary>
    public TimeSpan RollInterval { get; init; } = DefaultRollInterval;

    /// <summary>Rows per keyset read.</summary>
    public int PageRows { get; init; } = DefaultPageRows;

    /// <summary>For <see cref="SyncMode.Full"/>: stop once caught up and no new row arrived for this long.</summary>
    public TimeSpan QuietPeriod { get; init; } = DefaultQuietPeriod;

    /// <summary>The source table's name without its database.</summary>
    public string TableName => Table.Contains('.', StringComparison.Ordinal) ? Table[(Table.IndexOf('.', StringComparison.Ordinal) + 1)..] : Table;

    /// <summary>The source table's database, or null for the connection's default database.</summary>
    public string? DatabaseName => Table.Contains('.', StringComparison.Ordinal) ? Table[..Table.IndexOf('.', StringComparison.Ordinal)] : null;

    /// <summary>The offline table folder name.</summary>
    public string OfflineTableName => OfflineTable ?? TableName;

    /// <summary>Throws <see cref="FeatureSyncConfigurationException"/> naming the first bad field.</summary>
    public void Validate()
    {
        Require(JobIdPattern().IsMatch(JobId ?? ""), "job", $"'{JobId}' is not a job id (letters, digits, '_' and '-', at most 64)");
        Require(!string.IsNullOrWhiteSpace(SourceConnection), "source-connection", "is required");
        Require(TablePattern().IsMatch(Table ?? ""), "table", $"'{Table}' is not a table name (table or database.table)");
        Require(IdentifierPattern().IsMatch(KeyColumn ?? ""), "key", $"'{KeyColumn}' is not a column name");
        Require(IdentifierPattern().IsMatch(TimestampColumn ?? ""), "ts", $"'{TimestampColumn}' is not a column name");
        Require(!string.Equals(KeyColumn, TimestampColumn, StringComparison.OrdinalIgnoreCase), "key", "key and timestamp must be different columns");
        Require(Destinations is { Count: > 0 }, "dest", "at least one destination is required");
        foreach (var d in Destinations!)
            Require(!string.IsNullOrWhiteSpace(d) && !d.Contains('?', StringComparison.Ordinal), "dest", $"'{d}' is not an object-store URI");
        Require(Destinations.Distinct(StringComparer.Ordinal).Count() == Destinations.Count, "dest", "destinations must differ");
        Require(OfflineTable == null || IdentifierPattern().IsMatch(OfflineTable), "offline-table", $"'{OfflineTable}' is not a folder name");
        Require(Partitions is >= 1 and <= MaxPartitions, "partitions", $"{Partitions} is out of range 1..{MaxPartitions}");
        if (KeyRangeBounds != null)
        {
            Require(KeyRangeBounds.Count + 1 == Partitions, "key-ranges", $"{KeyRangeBounds.Count} bounds make {KeyRangeBounds.Count + 1} partitions, not {Partitions}");
            Require(KeyRangeBounds.All(b => b.Length > 0), "key-ranges", "bounds must not be empty");
        }
        Require(RollRows >= 1, "roll-rows", "must be at least 1");
        Require(RollBytes >= 1024, "roll-bytes", "must be at least 1KB");
        Require(RollInterval > TimeSpan.Zero, "roll-interval", "must be positive");
        Require(PageRows is >= 1 and <= 1_000_000, "page-rows", $"{PageRows} is out of range 1..1000000");
        Require(SettleDelay >= TimeSpan.Zero, "settle", "must not be negative");
        Require(QuietPeriod >= TimeSpan.Zero, "quiet", "must not be negative");
        switch (Mode)
        {
            case SyncMode.Incremental:
                Require(StartTimestamp != null || StartPosition != null, "start-ts", "incremental mode needs --start-ts (or --start-position)");
                break;
            case SyncMode.Full or SyncMode.FullAndIncremental:
                Require(StartTimestamp == null, "start-ts", $"only incremental mode takes a start time; {JobText.ModeName(Mode)} copies everything (use --start-position to continue a deleted job)");
                break;
            default:
                throw new FeatureSyncConfigurationException($"job '{JobId}': unknown mode {Mode}");
        }
        Require(StartTimestamp == null || StartPosition == null, "start-position", "give either a start time or a start position, not both");
    }

    private void Require(bool ok, string field, string message)
    {
        if (!ok) throw new FeatureSyncConfigurationException($"job '{JobId}': {field}: {message}");
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex JobIdPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_$]{0,63}$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_$]{0,63}\.)?[A-Za-z_][A-Za-z0-9_$]{0,63}$")]
    private static partial Regex TablePattern();
}
