using Sync.Metadata;
using Sync.Scheduling.Tests.Doubles;
using static Sync.Scheduling.Tests.TestDags;

namespace Sync.Scheduling.Tests;

public sealed class DagOperationsTests
{
    [Fact]
    public async Task ClearTaskAsync_RunsTaskAgainWithNextAttemptNumber_WhenClearedWithDownstream()
    {
        // a → b → c; a fails for good, so b and c never run and the run fails
        using var h = await SchedulingHarness.CreateAsync(Dag("ops", [Step("a", Defaults(retries: 1)), Step("b", "a"), Step("c", "b")]));
        h.Executor.Script("a", Outcomes.Permanent());
        var run = await h.CreateRunAsync("ops");
        await h.SettleAsync();
        Assert.Equal(DagRunState.Failed, (await h.RunAsync(run)).State);

        var cleared = await h.Operations.ClearTaskAsync("ops", run.RunId, "a", includeDownstream: true, CancellationToken.None);

        Assert.Equal(3, cleared);
        var reopened = await h.RunAsync(run);
        Assert.Equal((DagRunState.Running, null, null), (reopened.State, reopened.EndedAt, reopened.Error));
        var a = await h.TaskAsync(run, "a");
        Assert.Equal((TaskState.None, 1, 3), (a.State, a.Attempt, a.MaxAttempts)); // attempt 1 done, a fresh retry budget on top
        Assert.Null(a.Error);
        Assert.Null(a.EndedAt);
        Assert.Equal(TaskState.None, (await h.TaskAsync(run, "c")).State);

        await h.SettleAsync();
        Assert.Equal([1, 2], h.Executor.LaunchesOf("a").Select(l => l.Spec.Attempt));
        Assert.Equal([1], h.Executor.LaunchesOf("c").Select(l => l.Spec.Attempt));
        Assert.Equal((TaskState.Success, 2), ((await h.TaskAsync(run, "a")).State, (await h.TaskAsync(run, "a")).Attempt));
        Assert.Equal(DagRunState.Success, (await h.RunAsync(run)).State);
    }

    [Fact]
    public async Task ClearTaskAsync_LeavesDownstreamAlone_WhenNotAskedFor()
    {
        using var h = await SchedulingHarness.CreateAsync(Dag("ops", [Step("a"), Step("b", "a")]));
        var run = await h.CreateRunAsync("ops");
        await h.SettleAsync();

        Assert.Equal(1, await h.Operations.ClearTaskAsync("ops", run.RunId, "a", includeDownstream: false, CancellationToken.None));
        await h.SettleAsync();

        Assert.Equal([1, 2], h.Executor.LaunchesOf("a").Select(l => l.Spec.Attempt));
        Assert.Single(h.Executor.LaunchesOf("b"));
        Assert.Equal(DagRunState.Success, (await h.RunAsync(run)).State);
    }

    [Fact]
    public async Task ClearTaskAsync_Refuses_WhenTaskIsNotFinished()
    {
        using var h = await SchedulingHarness.CreateAsync(Dag("ops", [Step("a")]));
        var run = await h.CreateRunAsync("ops");
        await h.AdvanceAsync(); // a is queued

        var busy = await Assert.ThrowsAsync<DagOperationException>(() => h.Operations.ClearTaskAsync("ops", run.RunId, "a", false, CancellationToken.None));
        Assert.Equal(DagOperationError.Conflict, busy.Error);
        Assert.Contains("'a' is Queued", busy.Message, StringComparison.Ordinal);

        var missingTask = await Assert.ThrowsAsync<DagOperationException>(() => h.Operations.ClearTaskAsync("ops", run.RunId, "zz", false, CancellationToken.None));
        Assert.Equal(DagOperationError.NotFound, missingTask.Error);
        Assert.Contains("'zz'", missingTask.Message, StringComparison.Ordinal);

        var missingRun = await Assert.ThrowsAsync<DagOperationException>(() => h.Operations.ClearTaskAsync("ops", "manual__nope", "a", false, CancellationToken.None));
        Assert.Equal(DagOperationError.NotFound, missingRun.Error);
        Assert.Equal(TaskState.Queued, (await h.TaskAsync(run, "a")).State);
    }

    [Fact]
    public async Task ClearRunAsync_ClearsOnlyFailedTasks_WhenOnlyFailed()
    {
        // ok succeeds; bad fails for good and takes after_bad with it
        using var h = await SchedulingHarness.CreateAsync(Dag("ops", [Step("ok"), Step("bad"), Step("after_bad", "bad")]));
        h.Executor.Script("bad", Outcomes.Permanent());
        var run = await h.CreateRunAsync("ops");
        await h.SettleAsync();

        Assert.Equal(2, await h.Operations.ClearRunAsync("ops", run.RunId, onlyFailed: true, CancellationToken.None));
        var states = await h.StatesAsync(run);
        Assert.Equal((TaskState.Success, TaskState.None, TaskState.None), (states["ok"], states["bad"], states["after_bad"]));
        Assert.Equal(DagRunState.Running, (await h.RunAsync(run)).State);

        await h.SettleAsync();
        Assert.Single(h.Executor.LaunchesOf("ok"));
        Assert.Equal([1, 2], h.Executor.LaunchesOf("bad").Select(l => l.Spec.Attempt));
        Assert.Equal(DagRunState.Success, (await h.RunAsync(run)).State);
    }

    [Fact]
    public async Task ClearRunAsync_ClearsEveryTask_WhenNotOnlyFailed()
    {
        using var h = await SchedulingHarness.CreateAsync(Dag("ops", [Step("a"), Step("b", "a")]));
        var run = await h.CreateRunAsync("ops");
        await h.SettleAsync();
        Assert.Equal(DagRunState.Success, (await h.RunAsync(run)).State);

        Assert.Equal(2, await h.Operations.ClearRunAsync("ops", run.RunId, onlyFailed: false, CancellationToken.None));
        Assert.Equal(DagRunState.Running, (await h.RunAsync(run)).State);
        await h.SettleAsync();

        Assert.Equal([1, 2], h.Executor.LaunchesOf("a").Select(l => l.Spec.Attempt));
        Assert.Equal([1, 2], h.Executor.LaunchesOf("b").Select(l => l.Spec.Attempt));
        Assert.Equal(DagRunState.Success, (await h.RunAsync(run)).State);
    }

    [Fact]
    public async Task TriggerAsync_CreatesManualRun_AndRefusesSecondForSameDate()
    {
        using var h = await SchedulingHarness.CreateAsync(Dag("ops", [Step("a")]));
        var when = SchedulingHarness.Start.AddMinutes(5);

        var run = await h.Operations.TriggerAsync("ops", new Dictionary<string, string> { ["k"] = "v" }, when, CancellationToken.None);

        Assert.Equal(("manual__2026-11-23T02:05:00Z", RunTriggers.Manual, DagRunState.Queued), (run.RunId, run.TriggeredBy, run.State));
        Assert.Equal("v", (await h.RunAsync(run)).Params["k"]);
        var again = await Assert.ThrowsAsync<DagOperationException>(() => h.Operations.TriggerAsync("ops", null, when, CancellationToken.None));
        Assert.Equal(DagOperationError.Conflict, again.Error);
        var unknown = await Assert.ThrowsAsync<DagOperationException>(() => h.Operations.TriggerAsync("nope", null, null, CancellationToken.None));
        Assert.Equal(DagOperationError.NotFound, unknown.Error);
        Assert.Contains("'nope'", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TriggerAsync_CreatesRun_WhenDagIsPaused()
    {
        using var h = await SchedulingHarness.CreateAsync(Dag("ops", [Step("a")]));
        await h.Operations.SetPausedAsync("ops", true, CancellationToken.None);

        var run = await h.Operations.TriggerAsync("ops", null, SchedulingHarness.Start, CancellationToken.None);

        Assert.True(await h.Store.IsPausedAsync("ops", CancellationToken.None));
        Assert.Equal(DagRunState.Queued, (await h.RunAsync(run)).State);
        await Assert.ThrowsAsync<DagOperationException>(() => h.Operations.SetPausedAsync("nope", true, CancellationToken.None));
    }
}
