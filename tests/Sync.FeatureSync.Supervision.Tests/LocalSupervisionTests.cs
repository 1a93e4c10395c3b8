using System.Diagnostics;
using System.Globalization;
using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.State;
using Sync.FeatureSync.Supervision.Tests.Support;
using Sync.Testing;

namespace Sync.FeatureSync.Supervision.Tests;

/// <summary>
/// The supervisor with the local executor and real worker processes on MariaDB: it starts a created job's partitions,
/// restarts a SIGKILLed worker after the backoff (which the records show meanwhile), keeps every row offline exactly
/// once, leaves a finished full copy alone, and stops the workers of a deleted job for good.
/// </summary>
public sealed class LocalSupervisionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [MariaDbFact]
    public async Task Supervisor_RestartsAKilledWorkerAfterBackoff_AndStopsTheWorkers_WhenTheJobIsDeleted()
    {
        var bed = await SupervisionTestBed.CreateAsync();
        await bed.InsertAsync(3_000);
        var job = bed.Job(SyncMode.FullAndIncremental, partitions: 2);
        await bed.State.CreateJobAsync(job, CancellationToken.None);

        var supervisor = bed.Supervisor(bed.LocalExecutor());
        await supervisor.StartAsync(CancellationToken.None);
        try
        {
            // Both partitions start within a poll interval and take their leases.
            await SupervisionTestBed.WaitForAsync(async () => (await bed.State.GetStatusAsync(job.JobId, CancellationToken.None)).All(t => t.State == TaskPhases.StateRunning),
                Patience, () => DescribeAsync(bed, job));
            Assert.True(File.Exists(bed.PidFile(job, 0, 1)), $"no worker pid file for p0 attempt 1; {await DescribeAsync(bed, job)}");

            // SIGKILL partition 0's worker: its attempt ends, the record says so and when it restarts.
            var pid = int.Parse(File.ReadAllText(bed.PidFile(job, 0, 1)).Split(' ')[0], CultureInfo.InvariantCulture);
            var killedAt = DateTimeOffset.UtcNow;
            using (var worker = Process.GetProcessById(pid)) worker.Kill();
            await SupervisionTestBed.WaitForAsync(async () => (await bed.RecordAsync(job.JobId, 0))?.State == SupervisionStates.Waiting,
                Patience, () => DescribeAsync(bed, job));
            var waiting = (await bed.RecordAsync(job.JobId, 0))!;
            Assert.Equal(1, waiting.Attempt);
            Assert.Equal(137, waiting.LastExitCode);
            Assert.False(string.IsNullOrEmpty(waiting.LastError));
            Assert.Equal(bed.Options.MinRestartBackoff, waiting.NextStartAt - waiting.EndedAt);
            Assert.Equal(SupervisionStates.Running, (await bed.RecordAsync(job.JobId, 1))!.State);

            // After the backoff, attempt 2 runs and takes the lease back at once (same owner, next fencing token).
            await SupervisionTestBed.WaitForAsync(async () => (await bed.RecordAsync(job.JobId, 0)) is { State: SupervisionStates.Running, Attempt: 2 },
                Patience, () => DescribeAsync(bed, job));
            var restarted = (await bed.RecordAsync(job.JobId, 0))!;
            Assert.Equal(1, restarted.Restarts);
            Assert.True(restarted.StartedAt - killedAt >= bed.Options.MinRestartBackoff - TimeSpan.FromMilliseconds(100),
                $"restarted {restarted.StartedAt - killedAt} after the kill, before the {bed.Options.MinRestartBackoff} backoff");

            // Rows written meanwhile and after reach the offline store exactly once.
            var total = await bed.InsertAsync(1_500);
            await SupervisionTestBed.WaitForAsync(() => Task.FromResult(bed.OfflineIds().Count >= total), Patience, () => DescribeAsync(bed, job));
            await Task.Delay(1_000);
            var ids = bed.OfflineIds();
            Assert.Equal(Enumerable.Range(1, (int)total).Select(i => (long)i).ToList(), ids.Order().ToList());
            var tasks = await bed.State.GetStatusAsync(job.JobId, CancellationToken.None);
            Assert.All(tasks, t => Assert.Equal(TaskPhases.StateRunning, t.State));

            // Deleting the job stops both workers within a poll interval, and nothing starts them again.
            var pids = new[] { bed.PidFile(job, 0, 2), bed.PidFile(job, 1, 1) }
                .Select(f => int.Parse(File.ReadAllText(f).Split(' ')[0], CultureInfo.InvariantCulture)).ToList();
            await bed.State.DeleteJobAsync(job.JobId, CancellationToken.None);
            await SupervisionTestBed.WaitForAsync(() => Task.FromResult(pids.All(Exited)), Patience, () => DescribeAsync(bed, job));
            await SupervisionTestBed.WaitForAsync(async () => (await bed.Store.ListAsync(job.JobId, CancellationToken.None)).Count == 0, Patience, () => DescribeAsync(bed, job));
            await Task.Delay(bed.Options.MinRestartBackoff + TimeSpan.FromSeconds(1));
            Assert.False(File.Exists(bed.LogFile(job, 0, 3)), "partition 0 was started again after its job was deleted");
            Assert.False(File.Exists(bed.LogFile(job, 1, 2)), "partition 1 was started again after its job was deleted");
            Assert.Empty(await bed.Store.ListAsync(job.JobId, CancellationToken.None));
        }
        finally
        {
            await supervisor.StopAsync(CancellationToken.None);
        }
    }

    [MariaDbFact]
    public async Task Supervisor_DoesNotRestartAPartition_WhenItsFullCopyIsDone()
    {
        var bed = await SupervisionTestBed.CreateAsync();
        await bed.InsertAsync(800);
        var job = bed.Job(SyncMode.Full, partitions: 1);
        await bed.State.CreateJobAsync(job, CancellationToken.None);

        var supervisor = bed.Supervisor(bed.LocalExecutor());
        await supervisor.StartAsync(CancellationToken.None);
        try
        {
            await SupervisionTestBed.WaitForAsync(async () => (await bed.RecordAsync(job.JobId, 0))?.State == SupervisionStates.Done,
                Patience, () => DescribeAsync(bed, job));
            await Task.Delay(bed.Options.PollInterval * 4);
            var record = (await bed.RecordAsync(job.JobId, 0))!;
            Assert.Equal((SupervisionStates.Done, 1, 0, 0), (record.State, record.Attempt, record.Restarts, record.LastExitCode ?? -1));
            Assert.Equal(Enumerable.Range(1, 800).Select(i => (long)i).ToList(), bed.OfflineIds().Order().ToList());
            Assert.Contains("\"outcome\":\"done\"", await File.ReadAllTextAsync(bed.LogFile(job, 0, 1)), StringComparison.Ordinal);
        }
        finally
        {
            await supervisor.StopAsync(CancellationToken.None);
        }
    }

    [MariaDbFact]
    public async Task NextSupervisor_StartsTheSameAttemptAgain_WhenTheFirstStoppedWithItsLocalWorkers()
    {
        var bed = await SupervisionTestBed.CreateAsync();
        var total = await bed.InsertAsync(1_000);
        var job = bed.Job(SyncMode.FullAndIncremental, partitions: 1);
        await bed.State.CreateJobAsync(job, CancellationToken.None);

        var first = bed.Supervisor(bed.LocalExecutor());
        await first.StartAsync(CancellationToken.None);
        await SupervisionTestBed.WaitForAsync(() => Task.FromResult(bed.OfflineIds().Count >= total), Patience, () => DescribeAsync(bed, job));
        var pid = int.Parse(File.ReadAllText(bed.PidFile(job, 0, 1)).Split(' ')[0], CultureInfo.InvariantCulture);
        await first.StopAsync(CancellationToken.None);

        // A local worker is a child of the orchestrator: stopped with it (the executor kills it as its wait is
        // cancelled, a moment after), its attempt still recorded as running.
        await SupervisionTestBed.WaitForAsync(() => Task.FromResult(Exited(pid)), TimeSpan.FromSeconds(10), () => Task.FromResult("the local worker outlived the supervisor that started it"));
        Assert.Equal((SupervisionStates.Running, 1), ((await bed.RecordAsync(job.JobId, 0))!.State, (await bed.RecordAsync(job.JobId, 0))!.Attempt));

        var second = bed.Supervisor(bed.LocalExecutor());
        await second.StartAsync(CancellationToken.None);
        try
        {
            // The next supervisor runs that same attempt again (no restart counted), and the worker carries on from its checkpoint.
            await SupervisionTestBed.WaitForAsync(() => Task.FromResult(File.Exists(bed.PidFile(job, 0, 1))), Patience, () => DescribeAsync(bed, job));
            total = await bed.InsertAsync(500);
            await SupervisionTestBed.WaitForAsync(() => Task.FromResult(bed.OfflineIds().Count >= total), Patience, () => DescribeAsync(bed, job));
            var record = (await bed.RecordAsync(job.JobId, 0))!;
            Assert.Equal((SupervisionStates.Running, 1, 0), (record.State, record.Attempt, record.Restarts));
            Assert.Equal(Enumerable.Range(1, (int)total).Select(i => (long)i).ToList(), bed.OfflineIds().Order().ToList());
        }
        finally
        {
            await second.StopAsync(CancellationToken.None);
        }
    }

    [MariaDbFact]
    public async Task Supervisor_SupervisesTheOtherJobs_WhenOneJobsDefinitionCannotBeRead()
    {
        var bed = await SupervisionTestBed.CreateAsync();
        var total = await bed.InsertAsync(1_000);
        var good = bed.Job(SyncMode.FullAndIncremental, partitions: 1);
        var bad = good with { JobId = "bad_" + bed.Database, Destinations = ["file://" + Path.Combine(bed.Root, "bad")] };
        await bed.State.CreateJobAsync(bad, CancellationToken.None);
        await bed.State.CreateJobAsync(good, CancellationToken.None);
        // Edited by hand: the row no longer parses.
        await bed.ExecStateAsync($"UPDATE feature_sync_jobs SET definition = '{{\"job_id\": ' WHERE job_id = '{bad.JobId}'");
        var error = await Assert.ThrowsAsync<FeatureSyncConfigurationException>(() => bed.State.ListJobsAsync(CancellationToken.None));
        Assert.Contains(bad.JobId, error.Message, StringComparison.Ordinal);

        var supervisor = bed.Supervisor(bed.LocalExecutor());
        await supervisor.StartAsync(CancellationToken.None);
        try
        {
            await SupervisionTestBed.WaitForAsync(() => Task.FromResult(bed.OfflineIds().Count >= total), Patience, () => DescribeAsync(bed, good));
            Assert.Equal(SupervisionStates.Running, (await bed.RecordAsync(good.JobId, 0))!.State);
            Assert.Empty(await bed.Store.ListAsync(bad.JobId, CancellationToken.None));
            Assert.Equal(Enumerable.Range(1, (int)total).Select(i => (long)i).ToList(), bed.OfflineIds().Order().ToList());
        }
        finally
        {
            await supervisor.StopAsync(CancellationToken.None);
        }
    }

    private static bool Exited(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    private static async Task<string> DescribeAsync(SupervisionTestBed bed, FeatureSyncJob job)
    {
        var records = await bed.Store.ListAsync(job.JobId, CancellationToken.None);
        var tasks = await bed.State.GetStatusAsync(job.JobId, CancellationToken.None);
        return $"supervision: {string.Join("; ", records)}\ntasks: {string.Join("; ", tasks.Select(t => $"p{t.Partition} {t.State} {t.RowsSynced} rows {t.LastError}"))}\n" +
            $"offline ids: {bed.OfflineIds().Count}\n{bed.WorkerLogs()}";
    }
}
