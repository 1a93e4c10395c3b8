using System.Globalization;
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
    [InlineData(1, false)]
    [InlineData(3, false)]
    [InlineData(1, true)]
    [InlineData(3, true)]
    public async Task ReadPageAsync_ReturnsTheIndexPagesThroughThePrimaryKey_WhenKeysGrowWithTime(int partitions, bool readAhead)
    {
        var bed = await SyncTestBed.CreateAsync();
        // Crosses midnight twice, so pages stop at day changes too. Late rows (high keys, early times) and moved rows
        // make some pages' key ranges hold rows of other pages, which must be skipped, or too wide, which must fall back.
        await bed.Table.InsertHistoryAsync(6_000, DateTime.Today.AddDays(-3).AddHours(20), TimeSpan.FromSeconds(20));
        await bed.Table.InsertHistoryAsync(3, DateTime.Today.AddDays(-4), TimeSpan.FromHours(20));
        await bed.Table.ExecAsync($"UPDATE `{bed.Table.Name}` SET ts = ts - INTERVAL 3 HOUR WHERE id IN (2500, 2501, 4200)");

        var (fast, usedKeyRange) = await ReadAllPagesAsync(bed, partitions, keyRangeReads: true, limit: 500, readAhead);
        var (indexed, _) = await ReadAllPagesAsync(bed, partitions, keyRangeReads: false, limit: 500);

        Assert.True(usedKeyRange.Used);
        Assert.True(usedKeyRange.KeyRangePages >= fast.Count / 2, $"{usedKeyRange.KeyRangePages} of {fast.Count} pages through the primary key");
        Assert.Equal(readAhead, usedKeyRange.ReadAhead > 0);
        Assert.Equal(indexed.Count, fast.Count);
        for (int i = 0; i < indexed.Count; i++) Assert.Equal(indexed[i], fast[i]);
        Assert.Equal((await bed.Table.SnapshotAsync()).Order(StringComparer.Ordinal), fast.SelectMany(p => p.Rows).Order(StringComparer.Ordinal));
    }

    [MariaDbTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadPageAsync_ReturnsTheIndexPagesThroughThePrimaryKey_WhenRowsShareTimestamps(bool readAhead)
    {
        var bed = await SyncTestBed.CreateAsync();
        var from = DateTime.Today.AddDays(-2).AddHours(23);
        // Seven rows a timestamp, so pages end and begin inside one (and cross midnight); then more rows at one
        // timestamp than a page holds; then three a second.
        await bed.Table.InsertAtAsync(4_000, i => from + TimeSpan.FromSeconds(30) * (i / 7));
        await bed.Table.InsertAtAsync(1_200, _ => from.AddHours(6));
        await bed.Table.InsertAtAsync(1_000, i => from.AddHours(7) + TimeSpan.FromSeconds(i / 3));

        foreach (var start in new[] { SyncCursor.Beginning, SyncCursor.AtOrAfter(from.AddMinutes(61)) })
        {
            var (fast, usedKeyRange) = await ReadAllPagesAsync(bed, 1, keyRangeReads: true, limit: 500, readAhead, start);
            var (indexed, _) = await ReadAllPagesAsync(bed, 1, keyRangeReads: false, limit: 500, start: start);

            Assert.True(usedKeyRange.KeyRangePages >= fast.Count / 2, $"{usedKeyRange.KeyRangePages} of {fast.Count} pages through the primary key");
            Assert.Equal(indexed.Count, fast.Count);
            for (int i = 0; i < indexed.Count; i++) Assert.Equal(indexed[i], fast[i]);
        }
    }

    [MariaDbFact]
    public async Task ReadPageAsync_KeepsToTheIndex_WhenKeysRunAgainstTime()
    {
        var bed = await SyncTestBed.CreateAsync();
        await bed.Table.InsertHistoryAsync(3_000, DateTime.Now.AddHours(-1), TimeSpan.FromSeconds(-1));

        var (fast, usedKeyRange) = await ReadAllPagesAsync(bed, 1, keyRangeReads: true, limit: 400);
        var (indexed, _) = await ReadAllPagesAsync(bed, 1, keyRangeReads: false, limit: 400);

        Assert.False(usedKeyRange.Used);
        Assert.Equal(0, usedKeyRange.KeyRangePages);
        Assert.Equal(indexed, fast);
        Assert.Equal(3_000, fast.Sum(p => p.Rows.Count));
    }

    [MariaDbFact]
    public async Task ReadPageAsync_ReadsAnew_WhenTheRequestIsNotThePageReadAhead()
    {
        var bed = await SyncTestBed.CreateAsync();
        await bed.Table.InsertHistoryAsync(3_000, DateTime.Now.AddHours(-5), TimeSpan.FromSeconds(2));
        var job = bed.Job(SyncMode.Full);
        await using var conn = new MySqlConnection(bed.Table.ConnectionString);
        await conn.OpenAsync();
        var schema = await SourceSchema.LoadAsync(conn, job, CancellationToken.None);
        await using var reader = new SourceReader(job, schema, PartitionFilter.For(job, schema, 0), readAhead: true);
        var index = new SourceReader(job, schema, PartitionFilter.For(job, schema, 0), keyRangeReads: false);

        // Page 2 is read ahead for 500 rows; asking for 300 instead gets 300 rows read anew.
        var first = await reader.ReadPageAsync(conn, SyncCursor.Beginning, null, 500, null, CancellationToken.None);
        var cursor = SyncCursor.AfterPosition(first.Last);
        var other = await reader.ReadPageAsync(conn, cursor, null, 300, first.Day, CancellationToken.None);
        Assert.Equal(0, reader.PagesReadAhead);
        Assert.Equal(Text(await index.ReadPageAsync(conn, cursor, null, 300, first.Day, CancellationToken.None)), Text(other));

        // Page 3 was read ahead for that day; asked for with no day (a new file), it is the same page and is taken.
        cursor = SyncCursor.AfterPosition(other.Last);
        var third = await reader.ReadPageAsync(conn, cursor, null, 300, null, CancellationToken.None);
        Assert.Equal(1, reader.PagesReadAhead);
        Assert.Equal(Text(await index.ReadPageAsync(conn, cursor, null, 300, null, CancellationToken.None)), Text(third));
        Assert.Equal(300, third.Rows);
    }

    [MariaDbFact]
    public async Task ReadPageAsync_ReadsEveryRowOnceInOrder_WhenRowsArriveWhilePagesAreReadAhead()
    {
        var bed = await SyncTestBed.CreateAsync();
        await bed.Table.InsertHistoryAsync(20_000, DateTime.Now.AddMinutes(-30), TimeSpan.FromMilliseconds(90));
        // A settle delay longer than a slow insert takes to commit, so no row commits behind the reader.
        var job = bed.Job(SyncMode.Full) with { SettleDelay = TimeSpan.FromSeconds(1) };
        await using var conn = new MySqlConnection(bed.Table.ConnectionString);
        await conn.OpenAsync();
        var schema = await SourceSchema.LoadAsync(conn, job, CancellationToken.None);
        await using var reader = new SourceReader(job, schema, PartitionFilter.For(job, schema, 0), readAhead: true);

        var inserter = bed.Table.StartInserting(rowsPerSecond: 2_000);
        var read = new List<string>();
        var cursor = SyncCursor.Beginning;
        DateOnly? day = null;
        var until = DateTime.UtcNow.AddSeconds(3);
        try
        {
            // Full pages keep the reader catching up (and reading ahead) while the inserter adds rows behind the horizon.
            while (DateTime.UtcNow < until || read.Count < 20_000)
            {
                var page = await reader.ReadPageAsync(conn, cursor, null, 400, day, CancellationToken.None);
                if (page.Batch is { } b) read.AddRange(OfflineFiles.Canonical(b));
                day = page.StoppedAtDayChange || page.Rows == 0 ? null : page.Day;
                if (page.Rows > 0) cursor = SyncCursor.AfterPosition(page.Last);
                else await Task.Delay(50);
            }
        }
        finally
        {
            await inserter.StopAsync();
        }

        // Exactly the rows up to the last position read, in (ts, key) order (canonical rows start "id|yyyy-MM-dd HH:mm:ss.ffffff|").
        var lastRead = cursor.After!.Value;
        var last = (Ts: lastRead.Timestamp.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture), Id: long.Parse(lastRead.Key, CultureInfo.InvariantCulture));
        var expected = (await bed.Table.SnapshotAsync())
            .Select(r => (Row: r, Ts: r.Split('|')[1], Id: long.Parse(r.Split('|')[0], CultureInfo.InvariantCulture)))
            .Where(r => string.CompareOrdinal(r.Ts, last.Ts) < 0 || (r.Ts == last.Ts && r.Id <= last.Id))
            .OrderBy(r => r.Ts, StringComparer.Ordinal).ThenBy(r => r.Id)
            .Select(r => r.Row)
            .ToList();
        Assert.True(read.Count > 20_000, $"{read.Count} rows read");
        Assert.True(reader.PagesReadAhead > 10, $"{reader.PagesReadAhead} pages read ahead");
        Assert.Equal(expected, read);
    }

    private static List<string> Text(SourcePage page) => page.Batch is { } b ? OfflineFiles.Canonical(b) : [];

    private sealed record PageText(int Partition, string First, string Last, DateOnly Day, bool ReachedLimit, bool StoppedAtDayChange, List<string> Rows)
    {
        public bool Equals(PageText? other) => other != null && Partition == other.Partition && First == other.First && Last == other.Last
            && Day == other.Day && ReachedLimit == other.ReachedLimit && StoppedAtDayChange == other.StoppedAtDayChange && Rows.SequenceEqual(other.Rows);

        public override int GetHashCode() => HashCode.Combine(Partition, First, Last);

        public override string ToString() => $"p{Partition} {First}..{Last} {Day} {Rows.Count} rows limit={ReachedLimit} dayChange={StoppedAtDayChange}";
    }

    private static async Task<(List<PageText> Pages, (bool Used, long KeyRangePages, long ReadAhead) KeyRange)> ReadAllPagesAsync(
        SyncTestBed bed, int partitions, bool keyRangeReads, int limit, bool readAhead = false, SyncCursor? start = null)
    {
        var job = bed.Job(SyncMode.Full, partitions: partitions);
        await using var conn = new MySqlConnection(bed.Table.ConnectionString);
        await conn.OpenAsync();
        var schema = await SourceSchema.LoadAsync(conn, job, CancellationToken.None);
        Assert.True(schema.KeyIsPrimaryKey);
        var pages = new List<PageText>();
        bool used = true;
        long keyRangePages = 0, pagesReadAhead = 0;
        for (int p = 0; p < partitions; p++)
        {
            await using var reader = new SourceReader(job, schema, PartitionFilter.For(job, schema, p), keyRangeReads, readAhead);
            var cursor = start ?? SyncCursor.Beginning;
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
            keyRangePages += reader.PagesReadByKeyRange;
            pagesReadAhead += reader.PagesReadAhead;
        }
        return (pages, (used, keyRangePages, pagesReadAhead));
    }
}
