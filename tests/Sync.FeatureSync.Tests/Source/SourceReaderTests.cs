using MySqlConnector;
using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.Source;
using Sync.FeatureSync.Tests.Support;
using Sync.Testing;

namespace Sync.FeatureSync.Tests.Source;

public sealed class SourceReaderTests
{
    [MariaDbTheory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task CreateCommand_RangeScansTheTimestampKeyIndexWithoutSorting_WhenReadingAfterAPosition(int partitions)
    {
        var bed = await SyncTestBed.CreateAsync();
        await bed.Table.InsertHistoryAsync(20_000, DateTime.Now.AddDays(-1), TimeSpan.FromSeconds(2));
        await bed.Table.ExecAsync($"ANALYZE TABLE `{bed.Table.Name}`");
        var job = bed.Job(SyncMode.Full, partitions: partitions);
        await using var conn = new MySqlConnection(bed.Table.ConnectionString);
        await conn.OpenAsync();
        var schema = await SourceSchema.LoadAsync(conn, job, CancellationToken.None);
        var reader = new SourceReader(job, schema, PartitionFilter.For(job, schema, partitions - 1));
        var after = new SyncPosition(DateTime.Now.AddHours(-2), "19000");

        await using var cmd = reader.CreateCommand(conn, SyncCursor.AfterPosition(after), null, 1_000);
        cmd.CommandText = "EXPLAIN " + cmd.CommandText;
        await using var plan = await cmd.ExecuteReaderAsync();
        Assert.True(await plan.ReadAsync());
        string key = plan.GetString(plan.GetOrdinal("key"));
        string type = plan.GetString(plan.GetOrdinal("type"));
        string extra = plan.IsDBNull(plan.GetOrdinal("Extra")) ? "" : plan.GetString(plan.GetOrdinal("Extra"));

        Assert.Equal("ix_ts_id", key);
        Assert.Equal("range", type);
        Assert.DoesNotContain("filesort", extra, StringComparison.OrdinalIgnoreCase);
    }

    [MariaDbFact]
    public async Task ReadPageAsync_SplitsRowsIntoDisjointPartitions_WhenHashingOrRangingKeys()
    {
        var bed = await SyncTestBed.CreateAsync();
        await bed.Table.InsertHistoryAsync(3_000, DateTime.Now.AddHours(-3), TimeSpan.FromSeconds(1));
        await using var conn = new MySqlConnection(bed.Table.ConnectionString);
        await conn.OpenAsync();
        foreach (var job in new[]
        {
            bed.Job(SyncMode.Full, partitions: 3),
            bed.Job(SyncMode.Full, partitions: 3) with { KeyRangeBounds = ["1000", "2500"] },
        })
        {
            var schema = await SourceSchema.LoadAsync(conn, job, CancellationToken.None);
            var seen = new List<long>();
            for (int p = 0; p < 3; p++)
            {
                var reader = new SourceReader(job, schema, PartitionFilter.For(job, schema, p));
                var cursor = SyncCursor.Beginning;
                int partitionRows = 0;
                while (true)
                {
                    var page = await reader.ReadPageAsync(conn, cursor, null, 400, null, CancellationToken.None);
                    if (page.Rows == 0) break;
                    var ids = (Apache.Arrow.Int64Array)page.Batch!.Column(0);
                    for (int i = 0; i < ids.Length; i++) seen.Add(ids.GetValue(i)!.Value);
                    partitionRows += page.Rows;
                    cursor = SyncCursor.AfterPosition(page.Last);
                }
                Assert.True(partitionRows > 300, $"partition {p} read {partitionRows} rows");
            }
            Assert.Equal(Enumerable.Range(1, 3_000).Select(i => (long)i), seen.Order());
        }
    }

    [MariaDbFact]
    public async Task ReadPageAsync_StopsBeforeTheNextDay_WhenRowsCrossMidnight()
    {
        var bed = await SyncTestBed.CreateAsync();
        var midnight = DateTime.Today.AddDays(-1);
        await bed.Table.InsertHistoryAsync(10, midnight.AddSeconds(-5), TimeSpan.FromSeconds(1));
        var job = bed.Job(SyncMode.Full);
        await using var conn = new MySqlConnection(bed.Table.ConnectionString);
        await conn.OpenAsync();
        var schema = await SourceSchema.LoadAsync(conn, job, CancellationToken.None);
        var reader = new SourceReader(job, schema, PartitionFilter.For(job, schema, 0));

        var first = await reader.ReadPageAsync(conn, SyncCursor.Beginning, null, 100, null, CancellationToken.None);
        var second = await reader.ReadPageAsync(conn, SyncCursor.AfterPosition(first.Last), null, 100, first.Day, CancellationToken.None);
        var third = await reader.ReadPageAsync(conn, SyncCursor.AfterPosition(first.Last), null, 100, null, CancellationToken.None);

        Assert.Equal(5, first.Rows);
        Assert.True(first.StoppedAtDayChange);
        Assert.Equal(DateOnly.FromDateTime(midnight.AddDays(-1)), first.Day);
        Assert.Equal(0, second.Rows);
        Assert.True(second.StoppedAtDayChange);
        Assert.Equal(5, third.Rows);
        Assert.Equal(DateOnly.FromDateTime(midnight), third.Day);
        Assert.False(third.StoppedAtDayChange);
    }

    [MariaDbFact]
    public async Task LoadAsync_NamesTheColumn_WhenTheKeyColumnIsMissing()
    {
        var bed = await SyncTestBed.CreateAsync();
        var job = bed.Job(SyncMode.Full) with { KeyColumn = "user_id" };
        await using var conn = new MySqlConnection(bed.Table.ConnectionString);
        await conn.OpenAsync();

        var ex = await Assert.ThrowsAsync<FeatureSyncConfigurationException>(() => SourceSchema.LoadAsync(conn, job, CancellationToken.None));

        Assert.Contains("key column 'user_id'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(bed.Table.QualifiedName, ex.Message, StringComparison.Ordinal);
    }
}
