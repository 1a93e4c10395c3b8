using MySqlConnector;
using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.Running;
using Sync.FeatureSync.State;
using Sync.FeatureSync.Tests.Support;
using Sync.Storage;
using Sync.Testing;

namespace Sync.FeatureSync.Tests.Running;

/// <summary>A partition whose source cannot be reached retries with backoff, shows the error, and recovers by itself.</summary>
public sealed class SourceOutageTests
{
    [MariaDbFact]
    public async Task RunAsync_RecoversByItself_WhenTheSourceComesBack()
    {
        var bed = await SyncTestBed.CreateAsync();
        await bed.Table.InsertHistoryAsync(3_000, DateTime.Now.AddHours(-1), TimeSpan.FromSeconds(1));
        int port = FreePort.Next();
        string viaProxy = new MySqlConnectionStringBuilder(bed.Table.ConnectionString) { Port = (uint)port, ConnectionTimeout = 2, Pooling = false }.ConnectionString;
        var job = bed.Job(SyncMode.FullAndIncremental, partitions: 2);
        await bed.State.CreateJobAsync(job, CancellationToken.None);
        var runner = new FeatureSyncRunner(bed.State, _ => viaProxy, uri => ObjectStores.Open(uri, ObjectStoreSettings.Default));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var run = runner.RunAsync(job.JobId, bed.RunOptions(), cts.Token);

        // Nothing listens on the port: both tasks retry and say why.
        var down = await WaitForStatusAsync(bed, job.JobId, s => s.All(t => t.State == TaskPhases.StateRetrying && t.LastError != null));
        Assert.All(down, t => Assert.Contains("connect", t.LastError!, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("NOT all running", FeatureSyncStatusReport.Render([job], down), StringComparison.Ordinal);
        await Task.Delay(1_500);
        Assert.Empty(OfflineFiles.List(bed.TableRoot));

        await using (var proxy = new TcpProxy(port, bed.Table.Server.Port))
        {
            proxy.Start();
            var online = await bed.Table.SnapshotAsync();
            var offline = await bed.WaitForOfflineRowsAsync(online.Count, TimeSpan.FromSeconds(60));
            var up = await WaitForStatusAsync(bed, job.JobId, s => s.All(t => t.State == TaskPhases.StateRunning && t.LastError == null));
            Assert.Contains("all 2 tasks running", FeatureSyncStatusReport.Render([job], up), StringComparison.Ordinal);
            await cts.CancelAsync();
            await run;
            OfflineFiles.AssertExact(online, await OfflineFiles.ReadRowsAsync(bed.TableRoot));
        }
    }

    [MariaDbFact]
    public async Task RunAsync_FailsTheReadAndRecovers_WhenTheSourceGoesSilentMidRead()
    {
        var bed = await SyncTestBed.CreateAsync();
        await bed.Table.InsertHistoryAsync(40_000, DateTime.Now.AddHours(-3), TimeSpan.FromMilliseconds(200));
        int port = FreePort.Next();
        await using var proxy = new TcpProxy(port, bed.Table.Server.Port);
        proxy.Start();
        // A two-second command timeout: a read that gets no byte for that long must fail, not wait for ever.
        string viaProxy = new MySqlConnectionStringBuilder(bed.Table.ConnectionString)
        {
            Port = (uint)port, ConnectionTimeout = 2, DefaultCommandTimeout = 2, Pooling = false,
        }.ConnectionString;
        var job = bed.Job(SyncMode.FullAndIncremental);
        await bed.State.CreateJobAsync(job, CancellationToken.None);
        var runner = new FeatureSyncRunner(bed.State, _ => viaProxy, uri => ObjectStores.Open(uri, ObjectStoreSettings.Default));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var run = runner.RunAsync(job.JobId, bed.RunOptions(), cts.Token);

        // Silence while the first pages are read: the read in flight times out, the task retries and says why.
        await WaitForStatusAsync(bed, job.JobId, s => s.Sum(t => t.RowsSynced) > 0);
        proxy.Freeze();
        var silent = await WaitForStatusAsync(bed, job.JobId, s => s.All(t => t.State == TaskPhases.StateRetrying && t.LastError != null));
        Assert.All(silent, t => Assert.Contains("timeout", t.LastError!, StringComparison.OrdinalIgnoreCase));

        proxy.Thaw();
        var online = await bed.Table.SnapshotAsync();
        await bed.WaitForOfflineRowsAsync(online.Count, TimeSpan.FromSeconds(60));
        await WaitForStatusAsync(bed, job.JobId, s => s.All(t => t.State == TaskPhases.StateRunning && t.LastError == null));
        await cts.CancelAsync();
        await run;
        OfflineFiles.AssertExact(online, await OfflineFiles.ReadRowsAsync(bed.TableRoot));
    }

    private static async Task<IReadOnlyList<PartitionTaskStatus>> WaitForStatusAsync(SyncTestBed bed, string jobId, Func<IReadOnlyList<PartitionTaskStatus>, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var status = await bed.State.GetStatusAsync(jobId, CancellationToken.None);
            if (condition(status)) return status;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("status never matched: " + FeatureSyncStatusReport.Render([], status) + string.Join("\n", status.Select(s => $"{s.Partition} {s.State} {s.LastError}")));
            await Task.Delay(100);
        }
    }
}
