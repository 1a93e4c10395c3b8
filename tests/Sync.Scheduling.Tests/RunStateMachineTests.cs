using Sync.Metadata;
using Sync.Scheduling.Tests.Doubles;
using static Sync.Scheduling.Tests.TestDags;

namespace Sync.Scheduling.Tests;

public sealed class RunStateMachineTests
{
    [Fact]
    public async Task AdvanceAsync_QueuesTasksInDependencyOrder_WhenUpstreamSucceeds()
    {
        // a → b → c, and d on its own
        using var h = await SchedulingHarness.CreateAsync(Dag("chain", [Step("a"), Step("b", "a"), Step("c", "b"), Step("d")]));
        var run = await h.CreateRunAsync("chain");

        var waves = new List<string[]>();
        for (var i = 0; i < 10 && (await h.RunAsync(run)).State is DagRunState.Queued or DagRunState.Running; i++)
        {
            await h.AdvanceAsync();
            var jobs = await h.RunJobsAsync();
            if (jobs.Count > 0) waves.Add(jobs.Select(j => j.TaskId).Order(StringComparer.Ordinal).ToArray());
        }

        Assert.Equal([["a", "d"], ["b"], ["c"]], waves);
        Assert.All(h.Queue.All, j => Assert.Equal(1, j.Attempt));
        var done = await h.RunAsync(run);
        Assert.Equal(DagRunState.Success, done.State);
        Assert.Equal(SchedulingHarness.Start, done.StartedAt);
        Assert.NotNull(done.EndedAt);
        Assert.Null(done.Error);
    }

    [Fact]
    public async Task AdvanceAsync_DoesNotQueueDownstream_WhileUpstreamRuns()
    {
        using var h = await SchedulingHarness.CreateAsync(Dag("chain", [Step("a"), Step("b", "a")]));
        var run = await h.CreateRunAsync("chain");

        await h.AdvanceAsync();
        await h.AdvanceAsync(); // a is queued, its job not run yet: b must wait

        Assert.Equal([("a", 1)], h.Queue.All.Select(j => (j.TaskId, j.Attempt)));
        var states = await h.StatesAsync(run);
        Assert.Equal(TaskState.Queued, states["a"]);
        Assert.Equal(TaskState.None, states["b"]);
        Assert.Equal(DagRunState.Running, (await h.RunAsync(run)).State);
    }

    [Fact]
    public async Task AdvanceAsync_MarksWholeBranchUpstreamFailed_WhenTaskFailsForGood()
    {
        // a → b → c, a → d; e is independent and still runs
        using var h = await SchedulingHarness.CreateAsync(Dag("branch", [Step("a"), Step("b", "a"), Step("c", "b"), Step("d", "a"), Step("e")]));
        h.Executor.Script("a", Outcomes.Permanent());
        var run = await h.CreateRunAsync("branch");

        await h.AdvanceAsync();
        await h.RunJobsAsync();
        await h.AdvanceAsync(); // one pass settles the whole branch and closes the run

        var states = await h.StatesAsync(run);
        Assert.Equal(TaskState.Failed, states["a"]);
        Assert.Equal(TaskState.UpstreamFailed, states["b"]);
        Assert.Equal(TaskState.UpstreamFailed, states["c"]);
        Assert.Equal(TaskState.UpstreamFailed, states["d"]);
        Assert.Equal(TaskState.Success, states["e"]);
        Assert.Equal(["a", "e"], h.Executor.Launches.Select(l => l.Spec.TaskId).Order(StringComparer.Ordinal));
        var done = await h.RunAsync(run);
        Assert.Equal(DagRunState.Failed, done.State);
        Assert.Equal("4 task(s) did not succeed: a, b, c, d", done.Error);
        Assert.Equal("an upstream task failed", (await h.TaskAsync(run, "c")).Error);
    }

    [Fact]
    public async Task AdvanceAsync_KeepsRunRunning_WhileTaskWaitsForRetry()
    {
        using var h = await SchedulingHarness.CreateAsync(Dag("retry", [Step("a", Defaults(retries: 1)), Step("b", "a")]));
        h.Executor.Script("a", Outcomes.Retryable());
        var run = await h.CreateRunAsync("retry");

        await h.SettleAsync();

        var states = await h.StatesAsync(run);
        Assert.Equal(TaskState.UpForRetry, states["a"]);
        Assert.Equal(TaskState.None, states["b"]);
        Assert.Equal(DagRunState.Running, (await h.RunAsync(run)).State);
    }

    [Fact]
    public async Task AdvanceAsync_StartsOldestRunsWithinMaxActiveRuns_WhenSeveralQueued()
    {
        using var h = await SchedulingHarness.CreateAsync(Dag("limited", [Step("a")], maxActiveRuns: 2));
        var third = await h.CreateRunAsync("limited", SchedulingHarness.Start.AddHours(2));
        var first = await h.CreateRunAsync("limited", SchedulingHarness.Start);
        var second = await h.CreateRunAsync("limited", SchedulingHarness.Start.AddHours(1));

        await h.AdvanceAsync();

        Assert.Equal(DagRunState.Running, (await h.RunAsync(first)).State);
        Assert.Equal(DagRunState.Running, (await h.RunAsync(second)).State);
        Assert.Equal(DagRunState.Queued, (await h.RunAsync(third)).State);
        Assert.Equal([first.RunId, second.RunId], h.Queue.All.Select(j => j.RunId));

        await h.RunJobsAsync();
        await h.AdvanceAsync(); // the first two close, which frees the slots only for the next pass
        await h.AdvanceAsync();
        Assert.Equal(DagRunState.Running, (await h.RunAsync(third)).State);

        await h.SettleAsync();
        foreach (var r in new[] { first, second, third }) Assert.Equal(DagRunState.Success, (await h.RunAsync(r)).State);
    }

    [Fact]
    public async Task AdvanceAsync_LeavesRunsQueued_WhileDagPaused()
    {
        using var h = await SchedulingHarness.CreateAsync(Dag("paused", [Step("a")]), Dag("other", [Step("a")]));
        await h.Operations.SetPausedAsync("paused", true, CancellationToken.None);
        var held = await h.CreateRunAsync("paused");
        var free = await h.CreateRunAsync("other");

        await h.SettleAsync();

        Assert.Equal(DagRunState.Queued, (await h.RunAsync(held)).State);
        Assert.Equal(DagRunState.Success, (await h.RunAsync(free)).State);
        Assert.DoesNotContain(h.Queue.All, j => j.DagId == "paused");

        await h.Operations.SetPausedAsync("paused", false, CancellationToken.None);
        await h.SettleAsync();
        Assert.Equal(DagRunState.Success, (await h.RunAsync(held)).State);
    }

    [Fact]
    public async Task AdvanceAsync_HoldsTasksScheduled_WhenPoolIsFull()
    {
        var options = new SchedulerOptions { Pools = { ["small"] = 2 } };
        var small = Defaults(pool: "small");
        using var h = await SchedulingHarness.CreateAsync(options,
            Dag("pools", [Step("s1", small), Step("s2", small), Step("s3", small), Step("s4", small), Step("d1"), Step("d2")]));
        var run = await h.CreateRunAsync("pools");

        await h.AdvanceAsync();

        var states = await h.StatesAsync(run);
        Assert.Equal([TaskState.Queued, TaskState.Queued, TaskState.Scheduled, TaskState.Scheduled], new[] { "s1", "s2", "s3", "s4" }.Select(t => states[t]));
        Assert.Equal(TaskState.Queued, states["d1"]); // other pools are not held up
        Assert.Equal(TaskState.Queued, states["d2"]);

        // A finished task frees its slot for exactly one waiting task.
        var firstJobs = h.Queue.TakePending();
        var s1 = firstJobs.Single(j => j.TaskId == "s1");
        await h.Runner.RunAsync(s1.DagId, s1.RunId, s1.TaskId, s1.Attempt, CancellationToken.None);
        await h.AdvanceAsync();
        states = await h.StatesAsync(run);
        Assert.Equal(TaskState.Queued, states["s3"]);
        Assert.Equal(TaskState.Scheduled, states["s4"]);
        Assert.Equal(["s3"], h.Queue.TakePending().Select(j => j.TaskId));
    }

    [Fact]
    public async Task AdvanceAsync_CapsTasksOfOneDagAcrossRuns_WhenMaxActiveTasksPerDagReached()
    {
        var options = new SchedulerOptions { MaxActiveTasksPerDag = 3 };
        using var h = await SchedulingHarness.CreateAsync(options, Dag("wide", [Step("a"), Step("b")], maxActiveRuns: 2), Dag("other", [Step("a")]));
        var first = await h.CreateRunAsync("wide", SchedulingHarness.Start);
        var second = await h.CreateRunAsync("wide", SchedulingHarness.Start.AddHours(1));
        var other = await h.CreateRunAsync("other");

        await h.AdvanceAsync();

        var wide = h.Queue.All.Where(j => j.DagId == "wide").ToList();
        Assert.Equal(3, wide.Count);
        Assert.Equal(2, wide.Count(j => j.RunId == first.RunId)); // the older run goes first
        Assert.Single(h.Queue.All, j => j.DagId == "other" && j.RunId == other.RunId);
        var secondStates = await h.StatesAsync(second);
        Assert.Equal(1, secondStates.Values.Count(s => s == TaskState.Queued));
        Assert.Equal(1, secondStates.Values.Count(s => s == TaskState.Scheduled));

        await h.SettleAsync();
        Assert.Equal(DagRunState.Success, (await h.RunAsync(second)).State);
    }

    [Fact]
    public async Task AdvanceAsync_RequeuesJob_WhenTaskStaysQueuedPastRequeueAfter()
    {
        using var h = await SchedulingHarness.CreateAsync(Dag("lost", [Step("a")]));
        var run = await h.CreateRunAsync("lost");
        await h.AdvanceAsync();
        Assert.Single(h.Queue.TakePending()); // the job is lost: never run

        h.Time.Advance(h.StateMachine.RequeueAfter);
        await h.AdvanceAsync();
        Assert.Empty(h.Queue.TakePending()); // not yet past the limit

        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await h.AdvanceAsync());
        var again = Assert.Single(h.Queue.TakePending());
        Assert.Equal(("a", 1), (again.TaskId, again.Attempt));
        var task = await h.TaskAsync(run, "a");
        Assert.Equal(TaskState.Queued, task.State);
        Assert.Equal(h.Time.GetUtcNow(), task.QueuedAt);

        await h.Runner.RunAsync(again.DagId, again.RunId, again.TaskId, again.Attempt, CancellationToken.None);
        await h.SettleAsync();
        Assert.Equal(DagRunState.Success, (await h.RunAsync(run)).State);
        Assert.Single(h.Executor.Launches);
    }
}
