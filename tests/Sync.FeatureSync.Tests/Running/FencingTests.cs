using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.Tests.Support;
using Sync.Testing;

namespace Sync.FeatureSync.Tests.Running;

/// <summary>Two copies of one partition task: the one whose lease was taken over stops writing.</summary>
public sealed class FencingTests
{
    [MariaDbFact]
    public async Task RunCommand_StopsTheFrozenCopy_WhenASecondCopyTookItsLease()
    {
        var bed = await SyncTestBed.CreateAsync();
        await bed.Table.InsertHistoryAsync(5_000, DateTime.Now.AddHours(-3), TimeSpan.FromSeconds(2));
        var job = bed.Job(SyncMode.FullAndIncremental) with { RollRows = 500, PageRows = 250 };
        await bed.State.CreateJobAsync(job, CancellationToken.None);
        var inserter = bed.Table.StartInserting(rowsPerSecond: 200);

        using var a = WorkerProcess.Start(bed.WorkerRunArgs(job.JobId, "copy-a"), bed.WorkerEnvironment);
        await WaitForAsync(() => a.Output.Contains("published", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        a.Signal("STOP"); // frozen mid-work: no heartbeat, no writes, lease runs out (3s)
        // lines it wrote before it froze may still be on their way through the pipe: count once the output stops growing
        int publishedByA = await SettledAsync(() => Published(a.Output));

        using var b = WorkerProcess.Start(bed.WorkerRunArgs(job.JobId, "copy-b"), bed.WorkerEnvironment);
        await WaitForAsync(() => b.Output.Contains("published", StringComparison.Ordinal) || b.HasExited, TimeSpan.FromSeconds(30));
        Assert.Contains("published", b.Output, StringComparison.Ordinal);
        var status = Assert.Single(await bed.State.GetStatusAsync(job.JobId, CancellationToken.None));
        Assert.Equal("copy-b", status.LeaseOwner);

        a.Signal("CONT");
        Assert.True(await a.WaitForExitAsync(TimeSpan.FromSeconds(20)), "the fenced copy kept running: " + a.Output);
        Assert.Equal(1, a.ExitCode);
        Assert.Contains("was taken over", a.Output, StringComparison.Ordinal);
        // Nothing committed after it was fenced. A file is published while the next is read, so a commit may have been
        // on the wire when the copy froze: the server applied it (the lease was still the copy's), the line is written
        // after the thaw. At most that one; the exact rows below show no file was committed twice.
        Assert.InRange(Published(a.Output), publishedByA, publishedByA + 1);
        var filesAfterFence = OfflineFiles.List(bed.TableRoot).Count;

        await inserter.StopAsync();
        var online = await bed.Table.SnapshotAsync();
        await bed.WaitForOfflineRowsAsync(online.Count, TimeSpan.FromSeconds(60));
        await Task.Delay(1_000);
        b.Kill();
        OfflineFiles.AssertExact(online, await OfflineFiles.ReadRowsAsync(bed.TableRoot));
        Assert.True(OfflineFiles.List(bed.TableRoot).Count >= filesAfterFence);
    }

    private static int Published(string log) => log.Split('\n').Count(l => l.Contains(": published ", StringComparison.Ordinal));

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(25);
    }

    /// <summary>The value once it has stayed the same for 300 ms (at most 10 s).</summary>
    private static async Task<int> SettledAsync(Func<int> read)
    {
        var value = read();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var steady = 0; steady < 3 && clock.Elapsed < TimeSpan.FromSeconds(10); )
        {
            await Task.Delay(100);
            var next = read();
            steady = next == value ? steady + 1 : 0;
            value = next;
        }
        return value;
    }
}
