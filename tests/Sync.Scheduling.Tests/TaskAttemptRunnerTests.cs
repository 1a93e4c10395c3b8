using Sync.Execution;
using Sync.Metadata;
using Sync.Scheduling.Tests.Doubles;
using static Sync.Scheduling.Tests.TestDags;

namespace Sync.Scheduling.Tests;

public sealed class TaskAttemptRunnerTests
{
    private const long GiB = 1024L * 1024 * 1024;

    [Fact]
    public async Task RunAsync_RetriesWithExponentialBackoff_WhenAttemptsFailRetryably()
    {
        var policy = Defaults(retries: 3, retryDelay: TimeSpan.FromSeconds(10), maxRetryDelay: TimeSpan.FromSeconds(25));
        using var h = await SchedulingHarness.CreateAsync(Dag("flaky", [Step("a", policy)]));
        h.Executor.Script("a", Outcomes.Retryable(), Outcomes.Retryable(), Outcomes.Retryable(), Outcomes.Success());
        var run = await h.CreateRunAsync("flaky");
        await h.SettleAsync();

        // 10 s, then doubled to 20 s, then 40 s capped at 25 s
        foreach (var delay in new[] { 10, 20, 25 })
        {
            var waiting = await h.TaskAsync(run, "a");
            Assert.Equal(TaskState.UpForRetry, waiting.State);
            Assert.Equal(h.Time.GetUtcNow() + TimeSpan.FromSeconds(delay), waiting.NextRetryAt);
            Assert.Contains("connection reset", waiting.Error, StringComparison.Ordinal);

            h.Time.Advance(TimeSpan.FromSeconds(delay - 1));
            await h.SettleAsync();
            Assert.Equal(TaskState.UpForRetry, (await h.TaskAsync(run, "a")).State); // backoff not over yet

            h.Time.Advance(TimeSpan.FromSeconds(1));
            await h.SettleAsync();
        }

        var done = await h.TaskAsync(run, "a");
        Assert.Equal(TaskState.Success, done.State);
        Assert.Equal(4, done.Attempt);
        Assert.Null(done.Error);
        Assert.Equal([1, 2, 3, 4], h.Executor.LaunchesOf("a").Select(l => l.Spec.Attempt));
        Assert.Equal([1, 2, 3, 4], h.Queue.All.Select(j => j.Attempt));
        Assert.Equal(DagRunState.Success, (await h.RunAsync(run)).State);
    }

    [Fact]
    public async Task RunAsync_FailsTask_WhenRetriesRunOut()
    {
        using var h = await SchedulingHarness.CreateAsync(Dag("flaky", [Step("a", Defaults(retries: 1, retryDelay: TimeSpan.FromSeconds(5)))]));
        h.Executor.Script("a", Outcomes.Retryable("first"), Outcomes.Retryable("second"));
        var run = await h.CreateRunAsync("flaky");

        await h.SettleAsync();
        h.Time.Advance(TimeSpan.FromSeconds(5));
        await h.SettleAsync();

        var task = await h.TaskAsync(run, "a");
        Assert.Equal(TaskState.Failed, task.State);
        Assert.Equal(2, task.Attempt);
        Assert.Equal("exited with 1: second", task.Error);
        Assert.Equal(DagRunState.Failed, (await h.RunAsync(run)).State);
    }

    [Fact]
    public async Task RunAsync_FailsWithoutRetry_WhenExitCodeIsPermanent()
    {
        using var h = await SchedulingHarness.CreateAsync(Dag("bad", [Step("a", Defaults(retries: 3))]));
        h.Executor.Script("a", Outcomes.Permanent("column 'id' is missing in batch 1"));
        var run = await h.CreateRunAsync("bad");

        await h.SettleAsync();
        h.Time.Advance(TimeSpan.FromHours(1));
        await h.SettleAsync();

        var task = await h.TaskAsync(run, "a");
        Assert.Equal(TaskState.Failed, task.State);
        Assert.Equal(1, task.Attempt);
        Assert.Null(task.NextRetryAt);
        Assert.Equal("exited with 2: column 'id' is missing in batch 1", task.Error);
        Assert.Single(h.Executor.Launches);
    }

    [Fact]
    public async Task RunAsync_GrowsMemoryInPolicy_WhenAttemptWasOomKilled()
    {
        using var h = await SchedulingHarness.CreateAsync(Dag("hungry", [Step("a", Defaults(retries: 2, retryDelay: TimeSpan.FromSeconds(1), memory: 1 * GiB, memoryLimit: 2 * GiB))]));
        h.Executor.Script("a", (launch, _) => Task.FromResult(Outcomes.OomKilled(launch.Resources)));
        var run = await h.CreateRunAsync("hungry");

        await h.SettleAsync();
        var waiting = await h.TaskAsync(run, "a");
        Assert.Equal(TaskState.UpForRetry, waiting.State);
        Assert.Equal(2 * GiB, waiting.Policy.MemoryRequestBytes);
        Assert.Equal(4 * GiB, waiting.Policy.MemoryLimitBytes);
        Assert.StartsWith("killed for exceeding its memory limit", waiting.Error, StringComparison.Ordinal);

        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.SettleAsync();

        var launches = h.Executor.LaunchesOf("a");
        Assert.Equal([1 * GiB, 2 * GiB], launches.Select(l => l.Resources.MemoryRequestBytes!.Value));
        Assert.Equal([2 * GiB, 4 * GiB], launches.Select(l => l.Resources.MemoryLimitBytes!.Value));
        Assert.Equal(TaskState.Success, (await h.TaskAsync(run, "a")).State);
    }

    [Fact]
    public async Task RunAsync_FailsWithoutRetry_WhenOomKilledAtMemoryCeiling()
    {
        var options = new SchedulerOptions { MaxMemoryBytes = 2 * GiB };
        using var h = await SchedulingHarness.CreateAsync(options, Dag("hungry", [Step("a", Defaults(retries: 2, memory: 2 * GiB, memoryLimit: 2 * GiB))]));
        h.Executor.Script("a", (launch, _) => Task.FromResult(Outcomes.OomKilled(launch.Resources)));
        var run = await h.CreateRunAsync("hungry");

        await h.SettleAsync();

        var task = await h.TaskAsync(run, "a");
        Assert.Equal(TaskState.Failed, task.State);
        Assert.Equal(1, task.Attempt);
        Assert.Single(h.Executor.Launches);
    }

    [Fact]
    public async Task RunAsync_RunsExecutorOnce_WhenSameJobDeliveredTwice()
    {
        using var h = await SchedulingHarness.CreateAsync(Dag("once", [Step("a")]));
        var run = await h.CreateRunAsync("once");
        await h.AdvanceAsync();
        var job = Assert.Single(h.Queue.TakePending());

        await h.Runner.RunAsync(job.DagId, job.RunId, job.TaskId, job.Attempt, CancellationToken.None);
        await h.Runner.RunAsync(job.DagId, job.RunId, job.TaskId, job.Attempt, CancellationToken.None);

        Assert.Equal(1, h.Executor.Calls); // the second delivery never reaches the executor
        var task = await h.TaskAsync(run, "a");
        Assert.Equal((TaskState.Success, 1), (task.State, task.Attempt));
    }

    [Fact]
    public async Task RunAsync_StartsOneAttempt_WhenTwoRunnersGetSameJobAtOnce()
    {
        using var h = await SchedulingHarness.CreateAsync(Dag("once", [Step("a")]));
        var run = await h.CreateRunAsync("once");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<TaskOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Executor.Script("a", (_, _) =>
        {
            started.SetResult();
            return release.Task;
        });
        await h.AdvanceAsync();
        var job = Assert.Single(h.Queue.TakePending());

        // One runner claims the attempt; the other either finds it claimed or adopts it, joining the same attempt.
        var first = h.Runner.RunAsync(job.DagId, job.RunId, job.TaskId, job.Attempt, CancellationToken.None);
        var second = h.NewRunner().RunAsync(job.DagId, job.RunId, job.TaskId, job.Attempt, CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(TaskState.Running, (await h.TaskAsync(run, "a")).State);

        release.SetResult(Outcomes.Success());
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(h.Executor.Launches);
        var task = await h.TaskAsync(run, "a");
        Assert.Equal((TaskState.Success, 1), (task.State, task.Attempt));
    }

    [Fact]
    public async Task RunAsync_AdoptsAttempt_WhenJobFindsItRunningAfterRestart()
    {
        using var h = await SchedulingHarness.CreateAsync(Dag("adopt", [Step("a")]));
        var run = await h.CreateRunAsync("adopt");
        await h.AdvanceAsync();
        var job = Assert.Single(h.Queue.TakePending());

        // The first orchestrator stops while the attempt runs: the attempt stays running in the store.
        using var stopping = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Executor.Script("a", async (_, token) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, token);
            throw new InvalidOperationException("unreachable");
        });
        var interrupted = h.Runner.RunAsync(job.DagId, job.RunId, job.TaskId, job.Attempt, stopping.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stopping.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => interrupted);
        var left = await h.TaskAsync(run, "a");
        Assert.Equal((TaskState.Running, 1), (left.State, left.Attempt));

        // The restarted orchestrator hands the same attempt (not a new one) to its executor, which adopts it.
        var restarted = new ScriptedExecutor();
        await h.NewRunner(restarted).RunAsync(job.DagId, job.RunId, job.TaskId, job.Attempt, CancellationToken.None);

        var adopted = Assert.Single(restarted.Launches);
        Assert.Equal(Assert.Single(h.Executor.Launches).AttemptKey, adopted.AttemptKey);
        Assert.Equal(1, adopted.Spec.Attempt);
        var task = await h.TaskAsync(run, "a");
        Assert.Equal((TaskState.Success, 1), (task.State, task.Attempt));
    }

    [Fact]
    public async Task RunAsync_DoesNothing_WhenJobIsStaleAfterClear()
    {
        using var h = await SchedulingHarness.CreateAsync(Dag("stale", [Step("a")]));
        var run = await h.CreateRunAsync("stale");
        await h.AdvanceAsync();
        var job = Assert.Single(h.Queue.TakePending());
        await h.Runner.RunAsync(job.DagId, job.RunId, job.TaskId, job.Attempt, CancellationToken.None);
        await h.AdvanceAsync();
        Assert.Equal(1, await h.Operations.ClearTaskAsync("stale", run.RunId, "a", includeDownstream: false, CancellationToken.None));

        // The old job is delivered again (Hangfire replay) after the clear: the task waits for the scheduler, not for it.
        await h.Runner.RunAsync(job.DagId, job.RunId, job.TaskId, job.Attempt, CancellationToken.None);
        await h.Runner.RunAsync(job.DagId, job.RunId, job.TaskId, job.Attempt + 1, CancellationToken.None);

        Assert.Equal(1, h.Executor.Calls);
        var cleared = await h.TaskAsync(run, "a");
        Assert.Equal((TaskState.None, 1), (cleared.State, cleared.Attempt));

        await h.SettleAsync();
        Assert.Equal([1, 2], h.Executor.LaunchesOf("a").Select(l => l.Spec.Attempt));
    }

    [Fact]
    public async Task RunAsync_DropsJob_WhenTaskDoesNotExist()
    {
        using var h = await SchedulingHarness.CreateAsync(Dag("gone", [Step("a")]));
        var run = await h.CreateRunAsync("gone");

        await h.Runner.RunAsync("gone", run.RunId, "no_such_task", 1, CancellationToken.None);
        await h.Runner.RunAsync("gone", "manual__nope", "a", 1, CancellationToken.None);

        Assert.Empty(h.Executor.Launches);
    }

    [Fact]
    public async Task RunAsync_RecordsRetryableFailure_WhenExecutorThrows()
    {
        using var h = await SchedulingHarness.CreateAsync(Dag("broken", [Step("a", Defaults(retries: 1))]));
        h.Executor.Script("a", (_, _) => throw new InvalidOperationException("pod could not be created: quota exceeded"));
        var run = await h.CreateRunAsync("broken");

        await h.SettleAsync();

        var task = await h.TaskAsync(run, "a");
        Assert.Equal(TaskState.UpForRetry, task.State);
        Assert.Equal("exited with 1: scripted executor: InvalidOperationException: pod could not be created: quota exceeded", task.Error);
    }

    [Fact]
    public async Task RunAsync_HandsRunParametersAndFrozenPolicyToExecutor_WhenLaunching()
    {
        using var h = await SchedulingHarness.CreateAsync(Dag("params", [Step("a", Defaults(memory: 3 * GiB))]));
        var run = await h.Operations.TriggerAsync("params", new Dictionary<string, string> { ["dt"] = "2026-11-22" }, SchedulingHarness.Start, CancellationToken.None);

        await h.SettleAsync();

        var launch = Assert.Single(h.Executor.Launches);
        Assert.Equal("2026-11-22", launch.Spec.Params!["dt"]);
        Assert.Equal(("params", run.RunId, "a", 1), (launch.Spec.DagId, launch.Spec.RunId, launch.Spec.TaskId, launch.Spec.Attempt));
        Assert.Equal(["echo", "a"], launch.Spec.Command);
        Assert.Equal("sync-worker:test", launch.Image);
        Assert.Equal(3 * GiB, launch.Resources.MemoryRequestBytes);
        Assert.Equal(TimeSpan.FromMinutes(10), launch.Timeout);
        var task = await h.TaskAsync(run, "a");
        Assert.Equal(10, task.RowsLoaded);
        Assert.Equal("scripted", task.ExecutorId);
    }
}
