using MySqlConnector;
using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.Source;
using Sync.FeatureSync.Tests.Support;
using Sync.Testing;

namespace Sync.FeatureSync.Tests.Source;

/// <summary>The primary-key range read gives exactly the pages the (ts, key) index gives, and steps aside when it cannot.</summary>
public sealed class KeyRangePageReaderTests
{
    [MariaDbTheory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task ReadPageAsync_ReturnsTheIndexPagesThroughThePrimaryKey_WhenKeysGrowWithTime(int partitions)
    {
        var bed = await SyncTestBed.CreateAsync();
        // Crosses midnight twice, so pages stop at day changes too. Late rows (high keys, early times) and moved rows
        // make some pages' key ranges hold rows of other pages, which must be skipped, or too wide, which must fall back.
        await bed.Table.InsertHistoryAsync(6_000, DateTime.Today.AddDays(-3).AddHours(20), TimeSpan.FromSeconds(20));
        await bed.Table.InsertHistoryAsync(3, DateTime.Today.AddDays(-4), TimeSpan.FromHours(20));
        await bed.Table.ExecAsync($"UPDATE `{bed.Table.Name}` SET ts = ts - INTERVAL 3 HOUR WHERE id IN (2500, 2501, 4200)");

        var (fast, usedKeyRange) = await ReadAllPagesAsync(bed, partitions, keyRangeReads: true, limit: 500);
        var (indexed, _) = await ReadAllPagesAsync(bed, partitions, keyRangeReads: false, limit: 500);

        Assert.True(usedKeyRange);
        Assert.Equal(indexed.Count, fast.Count);
        for (int i = 0; i < indexed.Count; i++) Assert.Equal(indexed[i], fast[i]);
        Assert.Equal((await bed.Table.SnapshotAsync()).Order(StringComparer.Ordinal), fast.SelectMany(p => p.Rows).Order(StringComparer.Ordinal));
    }

    [MariaDbFact]
    public async Task ReadPageAsync_KeepsToTheIndex_WhenKeysRunAgainstTime()
    {
        var bed = await SyncTestBed.CreateAsync();
        await bed.Table.InsertHistoryAsync(3_000, DateTime.Now.AddHours(-1), TimeSpan.FromSeconds(-1));

        var (fast, usedKeyRange) = await ReadAllPagesAsync(bed, 1, keyRangeReads: true, limit: 400);
        var (indexed, _) = await ReadAllPagesAsync(bed, 1, keyRangeReads: false, limit: 400);

        Assert.False(usedKeyRange);
        Assert.Equal(indexed, fast);
        Assert.Equal(3_000, fast.Sum(p => p.Rows.Count));
    }

    private sealed record PageText(int Partition, string First, string Last, DateOnly Day, bool ReachedLimit, bool StoppedAtDayChange, List<string> Rows)
    {
        public bool Equals(PageText? other) => other != null && Partition == other.Partition && First == other.First && Last == other.Last
            && Day == other.Day && ReachedLimit == other.ReachedLimit && StoppedAtDayChange == other.StoppedAtDayChange && Rows.SequenceEqual(other.Rows);

        public override int GetHashCode() => HashCode.Combine(Partition, First, Last);

        public override string ToString() => $"p{Partition} {First}..{Last} {Day} {Rows.Count} rows limit={ReachedLimit} dayChange={StoppedAtDayChange}";
    }

    private static async Task<(List<PageText> Pages, bool UsedKeyRange)> ReadAllPagesAsync(SyncTestBed bed, int partitions, bool keyRangeReads, int limit)
    {
        var job = bed.Job(SyncMode.Full, partitions: partitions);
        await using var conn = new MySqlConnection(bed.Table.ConnectionString);
        await conn.OpenAsync();
        var schema = await SourceSchema.LoadAsync(conn, job, CancellationToken.None);
        Assert.True(schema.KeyIsPrimaryKey);
        var pages = new List<PageText>();
        bool used = true;
        for (int p = 0; p < partitions; p++)
        {
            var reader = new SourceReader(job, schema, PartitionFilter.For(job, schema, p), keyRangeReads);
            var cursor = SyncCursor.Beginning;
            DateOnly? day = null;
            while (true)
            {
                var page = await reader.ReadPageAsync(conn, cursor, null, limit, day, CancellationToken.None);
                if (page.Rows == 0 && !page.StoppedAtDayChange) break;
                pages.Add(new PageText(p, page.First.ToString(), page.Last.ToString(), page.Day, page.ReachedLimit, page.StoppedAtDayChange,
                    page.Batch is { } b ? OfflineFiles.Canonical(b) : []));
                // As the sync does: stay on the file's day until a page stops at the next day.
                day = page.StoppedAtDayChange ? null : page.Day;
                if (page.Rows > 0) cursor = SyncCursor.AfterPosition(page.Last);
            }
            used &= reader.UsesKeyRangeReads;
        }
        return (pages, used);
    }
}
