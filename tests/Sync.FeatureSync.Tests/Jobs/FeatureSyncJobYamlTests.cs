using Sync.FeatureSync.Jobs;
using Sync.Testing;

namespace Sync.FeatureSync.Tests.Jobs;

public sealed class FeatureSyncJobYamlTests
{
    private const string Valid = """
        feature_sync:
          job: user_features
          source_connection: online_features
          table: features.user_features
          key: user_id
          ts: updated_at
          mode: incremental
          start_ts: 2026-11-01T00:00:00
          destinations:
            - oss://offline/warehouse
            - file:///data/offline
          format: csv
          partitions: 4
          settle: 3s
          roll: { rows: 5000, bytes: 64MB, interval: 2m }
        """;

    [Fact]
    public void Parse_ReadsEveryField_WhenTheDocumentIsValid()
    {
        var job = FeatureSyncJobYaml.Parse(Valid, "dags/x.yaml");

        Assert.Equal("user_features", job.JobId);
        Assert.Equal("online_features", job.SourceConnection);
        Assert.Equal("features", job.DatabaseName);
        Assert.Equal("user_features", job.TableName);
        Assert.Equal(SyncMode.Incremental, job.Mode);
        Assert.Equal(new DateTime(2026, 11, 1), job.StartTimestamp);
        Assert.Equal(["oss://offline/warehouse", "file:///data/offline"], job.Destinations);
        Assert.Equal(OutputFormat.Csv, job.Format);
        Assert.Equal(4, job.Partitions);
        Assert.Equal(TimeSpan.FromSeconds(3), job.SettleDelay);
        Assert.Equal(5000, job.RollRows);
        Assert.Equal(64L << 20, job.RollBytes);
        Assert.Equal(TimeSpan.FromMinutes(2), job.RollInterval);
    }

    [Fact]
    public void Parse_WritesOrc_WhenNoFormatIsGiven()
    {
        var job = FeatureSyncJobYaml.Parse(Valid.Replace("  format: csv\n", "", StringComparison.Ordinal), "dags/x.yaml");

        Assert.Equal(OutputFormat.Orc, job.Format);
    }

    [Theory]
    [InlineData("          partitions: 4\n", "          partitons: 4\n", 13, 3, "unknown key 'partitons'")]
    [InlineData("          settle: 3s\n", "          settle: soon\n", 14, 11, "'settle': bad duration 'soon'")]
    [InlineData("          mode: incremental\n", "          mode: sometimes\n", 7, 9, "unknown mode 'sometimes'")]
    [InlineData("          key: user_id\n", "", 2, 3, "'key' is required")]
    [InlineData("          start_ts: 2026-11-01T00:00:00\n", "", 2, 3, "incremental mode needs --start-ts")]
    [InlineData("          format: csv\n", "          format: \"csv\n", 12, 11, "")]
    public void Parse_NamesFileLineAndColumn_WhenTheDocumentIsWrong(string find, string replace, int line, int column, string message)
    {
        var yaml = Valid.Replace(find.TrimStart()[..^1], replace.Length == 0 ? "" : replace.TrimStart()[..^1], StringComparison.Ordinal);
        if (replace.Length == 0) yaml = string.Join('\n', yaml.Split('\n').Where(l => l.Trim().Length > 0));

        var ex = Assert.Throws<FeatureSyncConfigurationException>(() => FeatureSyncJobYaml.Parse(yaml, "dags/x.yaml"));

        Assert.Equal("dags/x.yaml", ex.File);
        Assert.Equal(line, ex.Line);
        Assert.Equal(column, ex.Column);
        Assert.StartsWith($"dags/x.yaml({line},{column}): ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_ReadsTheExampleJob_WhenItIsInDags()
    {
        var path = Path.Combine(RepoPaths.Root, "dags", "feature_sync_user_features.yaml");

        var job = FeatureSyncJobYaml.LoadFile(path);

        Assert.Equal("user_features", job.JobId);
        Assert.Equal(SyncMode.FullAndIncremental, job.Mode);
    }
}
