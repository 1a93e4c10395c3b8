using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.Tests.Support;
using Sync.Testing;
using Xunit.Abstractions;

namespace Sync.FeatureSync.Tests.Running;

/// <summary>
/// The built worker killed with SIGKILL at random moments while it writes, and restarted each time: once it has
/// caught up, the offline files hold every online row exactly once, and no two files overlap.
/// </summary>
public sealed class KillTests(ITestOutputHelper output)
{
    [MariaDbFact]
    public Task RunCommand_StaysExact_WhenKilledThreeTimesWhileWriting() => KillAndRestartAsync(kills: 3, seed: 1);

    [SlowFact]
    public Task RunCommand_StaysExact_WhenKilledTenTimesWhileWriting() => KillAndRestartAsync(kills: 10, seed: 2);

    private async Task KillAndRestartAsync(int kills, int seed)
    {
        var bed = await SyncTestBed.CreateAsync();
        await bed.Table.InsertHistoryAsync(40_000, DateTime.Now.AddDays(-2), TimeSpan.FromSeconds(3));
        var job = bed.Job(SyncMode.FullAndIncremental, partitions: 2) with { RollRows = 1_000, PageRows = 500 };
        await bed.State.CreateJobAsync(job, CancellationToken.None);
        var random = new Random(seed);
        var inserter = bed.Table.StartInserting(rowsPerSecond: 300);
        int recovered = 0;
        try
        {
            for (int i = 0; i < kills; i++)
            {
                using var worker = WorkerProcess.Start(bed.WorkerRunArgs(job.JobId, "kill-test"), bed.WorkerEnvironment);
                // Wait for the first file of this run, then kill at a random moment while it keeps writing.
                await WaitForAsync(() => worker.Output.Contains("published", StringComparison.Ordinal) || worker.HasExited, TimeSpan.FromSeconds(30));
                Assert.False(worker.HasExited, worker.Output);
                await Task.Delay(random.Next(50, 1_200));
                worker.Kill();
                if (worker.Output.Contains("completed pending file", StringComparison.Ordinal)) recovered++;
                output.WriteLine($"kill {i + 1}: {OfflineFiles.List(bed.TableRoot).Count} files so far");
            }
        }
        finally
        {
            await inserter.StopAsync();
        }

        using (var last = WorkerProcess.Start(bed.WorkerRunArgs(job.JobId, "kill-test"), bed.WorkerEnvironment))
        {
            var online = await bed.Table.SnapshotAsync();
            var offline = await bed.WaitForOfflineRowsAsync(online.Count, TimeSpan.FromSeconds(90));
            await Task.Delay(1_000);
            offline = await OfflineFiles.ReadRowsAsync(bed.TableRoot);
            if (last.Output.Contains("completed pending file", StringComparison.Ordinal)) recovered++;
            last.Kill();
            output.WriteLine($"{online.Count} rows online, {offline.Count} offline in {OfflineFiles.List(bed.TableRoot).Count} files; {recovered} restarts completed a pending file");
            OfflineFiles.AssertExact(online, offline);
        }
        AssertNoOverlap(bed);
    }

    private static void AssertNoOverlap(SyncTestBed bed)
    {
        var ranges = OfflineFiles.List(bed.TableRoot)
            .Select(f => Path.GetFileNameWithoutExtension(f).Split('-'))
            .Select(p => (Partition: p[1], From: Position(p[2]), To: Position(p[3])))
            .GroupBy(r => r.Partition);
        foreach (var g in ranges)
        {
            var sorted = g.OrderBy(r => r.From).ToList();
            for (int i = 1; i < sorted.Count; i++)
                Assert.True(sorted[i - 1].To.CompareTo(sorted[i].From) < 0, $"partition {g.Key}: {sorted[i - 1]} overlaps {sorted[i]}");
        }
    }

    private static (string Ts, long Key) Position(string text)
    {
        var parts = text.Split('_');
        return (parts[0], long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(25);
    }
}
