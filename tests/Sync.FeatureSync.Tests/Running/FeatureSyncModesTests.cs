using System.Text.RegularExpressions;
using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.Running;
using Sync.FeatureSync.Tests.Support;
using Sync.Testing;

namespace Sync.FeatureSync.Tests.Running;

/// <summary>Each mode against a table written to while it syncs: once caught up, offline holds exactly the online rows in range.</summary>
public sealed partial class FeatureSyncModesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [MariaDbTheory]
    [InlineData(OutputFormat.Orc)]
    [InlineData(OutputFormat.Csv)]
    public async Task RunAsync_CopiesEveryRowExactlyOnce_WhenFullModeRunsDuringInserts(OutputFormat format)
    {
        var bed = await SyncTestBed.CreateAsync();
        await bed.Table.InsertHistoryAsync(3_000, DateTime.Now.AddDays(-3), TimeSpan.FromMinutes(1.2));
        var job = bed.Job(SyncMode.Full, partitions: 3, format: format);
        await bed.State.CreateJobAsync(job, CancellationToken.None);

        var inserter = bed.Table.StartInserting(rowsPerSecond: 400);
        using var cts = new CancellationTokenSource(Timeout);
        var run = bed.Runner().RunAsync(job.JobId, bed.RunOptions(), cts.Token);
        await Task.Delay(2_000);
        await inserter.StopAsync();
        var result = await run;

        Assert.True(result.AllDone, string.Join(", ", result.Partitions.Select(p => $"{p.Key}={p.Value}")));
        OfflineFiles.AssertExact(await bed.Table.SnapshotAsync(), await OfflineFiles.ReadRowsAsync(bed.TableRoot));
        await AssertHiveLayoutAsync(bed, format);
        var status = await bed.State.GetStatusAsync(job.JobId, CancellationToken.None);
        Assert.All(status, t => Assert.Equal("done", t.State));
        Assert.Equal((await bed.Table.SnapshotAsync()).Count, status.Sum(t => t.RowsSynced));
    }

    [MariaDbTheory]
    [InlineData(OutputFormat.Orc)]
    public async Task RunAsync_CopiesOnlyRowsFromStartTime_WhenIncrementalModeFollowsInserts(OutputFormat format)
    {
        var bed = await SyncTestBed.CreateAsync();
        var from = DateTime.Now.AddHours(-2);
        await bed.Table.InsertHistoryAsync(2_000, from.AddHours(-1), TimeSpan.FromSeconds(3.6)); // half before the start time
        var job = bed.Job(SyncMode.Incremental, partitions: 2, format: format, startTs: from);
        await bed.State.CreateJobAsync(job, CancellationToken.None);

        var inserter = bed.Table.StartInserting(rowsPerSecond: 400);
        using var cts = new CancellationTokenSource(Timeout);
        var run = bed.Runner().RunAsync(job.JobId, bed.RunOptions(), cts.Token);
        await Task.Delay(2_500);
        await inserter.StopAsync();
        var online = await bed.Table.SnapshotAsync(from);
        var offline = await bed.WaitForOfflineRowsAsync(online.Count, Timeout);
        await Task.Delay(1_000); // anything extra (a duplicate) would show up now
        offline = await OfflineFiles.ReadRowsAsync(bed.TableRoot);
        await cts.CancelAsync();
        var result = await run;

        Assert.All(result.Partitions.Values, o => Assert.Equal(PartitionOutcome.Stopped, o));
        Assert.True(online.Count > 1_000 && online.Count < (await bed.Table.SnapshotAsync()).Count, $"{online.Count} rows in range");
        OfflineFiles.AssertExact(online, offline);
        await AssertHiveLayoutAsync(bed, format);
    }

    [MariaDbTheory]
    [InlineData(OutputFormat.Orc)]
    public async Task RunAsync_KeepsDeletedRowsOffline_WhenFullAndIncrementalFollowsInsertsAndDeletes(OutputFormat format)
    {
        var bed = await SyncTestBed.CreateAsync();
        await bed.Table.InsertHistoryAsync(2_000, DateTime.Now.AddDays(-1), TimeSpan.FromSeconds(30));
        var job = bed.Job(SyncMode.FullAndIncremental, partitions: 2, format: format);
        await bed.State.CreateJobAsync(job, CancellationToken.None);

        var inserter = bed.Table.StartInserting(rowsPerSecond: 400);
        using var cts = new CancellationTokenSource(Timeout * 2);
        var run = bed.Runner().RunAsync(job.JobId, bed.RunOptions(), cts.Token);
        await Task.Delay(2_000);
        await inserter.StopAsync();
        var before = await bed.Table.SnapshotAsync();
        var offline = await bed.WaitForOfflineRowsAsync(before.Count, Timeout);
        OfflineFiles.AssertExact(before, offline);

        // Rows expiring online (TTL) must stay offline; rows written afterwards must arrive.
        int deleted = await bed.Table.DeleteAsync("id % 2 = 0");
        Assert.True(deleted > 1_000);
        await bed.Table.InsertNowAsync(1_000);
        var afterDelete = await bed.Table.SnapshotAsync();
        var expected = before.Union(afterDelete).ToList();
        offline = await bed.WaitForOfflineRowsAsync(expected.Count, Timeout);
        await Task.Delay(1_000);
        offline = await OfflineFiles.ReadRowsAsync(bed.TableRoot);
        await cts.CancelAsync();
        await run;

        OfflineFiles.AssertExact(expected, offline);
        var status = await bed.State.GetStatusAsync(job.JobId, CancellationToken.None);
        Assert.All(status, t => Assert.Equal("incremental", t.Phase));
    }

    /// <summary>Every file sits under dt=its rows' day, is named for its partition and position range, and ranges never overlap.</summary>
    private static async Task AssertHiveLayoutAsync(SyncTestBed bed, OutputFormat format)
    {
        var files = OfflineFiles.List(bed.TableRoot);
        Assert.NotEmpty(files);
        var ext = JobText.FormatName(format);
        var ranges = new List<(int Partition, (string Ts, long Key) From, (string Ts, long Key) To)>();
        foreach (var file in files)
        {
            var rel = Path.GetRelativePath(bed.OutputRoot, file).Replace('\\', '/');
            var m = FileName().Match(rel);
            Assert.True(m.Success, $"unexpected file {rel}");
            Assert.Equal(ext, m.Groups["ext"].Value);
            var rows = await OfflineFiles.ReadFileAsync(file);
            Assert.NotEmpty(rows);
            Assert.All(rows, r => Assert.Equal(m.Groups["dt"].Value, r.Split('|')[1][..10]));
            ranges.Add((int.Parse(m.Groups["p"].Value, System.Globalization.CultureInfo.InvariantCulture), Position(m.Groups["from"].Value), Position(m.Groups["to"].Value)));
        }
        foreach (var group in ranges.GroupBy(r => r.Partition))
        {
            var sorted = group.OrderBy(r => r.From).ToList();
            for (int i = 1; i < sorted.Count; i++)
                Assert.True(sorted[i - 1].To.CompareTo(sorted[i].From) < 0, $"partition {group.Key}: {sorted[i - 1]} overlaps {sorted[i]}");
        }
    }

    private static (string Ts, long Key) Position(string text)
    {
        var parts = text.Split('_');
        return (parts[0], long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^features/dt=(?<dt>\d{4}-\d{2}-\d{2})/part-(?<p>\d{3})-(?<from>\d{8}T\d{12}_\w+)-(?<to>\d{8}T\d{12}_\w+)\.(?<ext>orc|csv)$")]
    private static partial Regex FileName();
}
