namespace Sync.Metadata.Tests;

/// <summary>The same checks, run against each engine by the engine's test class.</summary>
internal static class StoreScenarios
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    public static DagRunRecord Run(string dagId, DateTimeOffset logicalDate, string? runId = null) => new()
    {
        DagId = dagId,
        RunId = runId ?? "schedule__" + logicalDate.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        LogicalDate = logicalDate,
        TriggeredBy = RunTriggers.Schedule,
        CreatedAt = logicalDate,
        Params = new Dictionary<string, string> { ["region"] = "cn-hangzhou" },
    };

    public static TaskInstanceRecord Task(DagRunRecord run, string taskId, params string[] upstream) => new()
    {
        DagId = run.DagId,
        RunId = run.RunId,
        TaskId = taskId,
        Kind = "command",
        MaxAttempts = 3,
        Upstream = upstream,
        SpecJson = """{"kind":"command"}""",
        Policy = new TaskPolicy { Retries = 2, RetryDelay = TimeSpan.FromSeconds(5), Pool = "etl", MaxParallelInGroup = 4, ParallelGroup = "orders" },
    };

    public static async Task CreateRun_RecordsRunAndTasks_WhenNew(IMetadataStore store)
    {
        var run = Run("orders", T0);
        Assert.True(await store.TryCreateRunAsync(run, [Task(run, "a"), Task(run, "b", "a")], default));

        var loaded = await store.GetRunAsync("orders", run.RunId, default);
        Assert.NotNull(loaded);
        Assert.Equal(run.LogicalDate, loaded.LogicalDate);
        Assert.Equal(DagRunState.Queued, loaded.State);
        Assert.Equal("cn-hangzhou", loaded.Params["region"]);
        var tasks = await store.ListTasksAsync("orders", run.RunId, default);
        Assert.Equal(["a", "b"], tasks.Select(t => t.TaskId));
        Assert.Equal(["a"], tasks[1].Upstream);
        Assert.Equal(TimeSpan.FromSeconds(5), tasks[1].Policy.RetryDelay);
        Assert.Equal("etl", tasks[1].Policy.Pool);
        Assert.Equal(TaskState.None, tasks[1].State);
    }

    public static async Task CreateRun_RecordsNothing_WhenLogicalDateTaken(IMetadataStore store)
    {
        var first = Run("orders", T0, "first");
        var second = Run("orders", T0, "second");
        Assert.True(await store.TryCreateRunAsync(first, [Task(first, "a")], default));
        Assert.False(await store.TryCreateRunAsync(second, [Task(second, "a")], default));
        Assert.Null(await store.GetRunAsync("orders", "second", default));
        Assert.Empty(await store.ListTasksAsync("orders", "second", default));
        // another DAG may use the same logical date
        Assert.True(await store.TryCreateRunAsync(Run("customers", T0), [], default));
    }

    public static async Task UpdateTask_ChangesOnlyOnce_WhenTwoCallersExpectSameState(IMetadataStore store)
    {
        var run = Run("orders", T0);
        await store.TryCreateRunAsync(run, [Task(run, "a")], default);
        var task = (await store.GetTaskAsync("orders", run.RunId, "a", default))!;
        var queued = task with { State = TaskState.Queued, Attempt = 1, QueuedAt = T0.AddSeconds(1) };

        Assert.True(await store.TryUpdateTaskAsync(queued, TaskState.None, 0, default));
        Assert.False(await store.TryUpdateTaskAsync(queued, TaskState.None, 0, default));

        var running = queued with { State = TaskState.Running, StartedAt = T0.AddSeconds(2), ExecutorId = "pid 42" };
        Assert.False(await store.TryUpdateTaskAsync(running, TaskState.Queued, 2, default)); // wrong attempt
        Assert.True(await store.TryUpdateTaskAsync(running, TaskState.Queued, 1, default));

        var done = running with
        {
            State = TaskState.Success, EndedAt = T0.AddSeconds(5), DurationSeconds = 3, RowsLoaded = 1000, Bytes = 2048,
            LogLocation = "/data/logs/a.log",
        };
        Assert.True(await store.TryUpdateTaskAsync(done, TaskState.Running, 1, default));
        var loaded = (await store.GetTaskAsync("orders", run.RunId, "a", default))!;
        Assert.Equal(TaskState.Success, loaded.State);
        Assert.Equal(1000, loaded.RowsLoaded);
        Assert.Equal(2048, loaded.Bytes);
        Assert.Equal("pid 42", loaded.ExecutorId);
        Assert.Equal(T0.AddSeconds(5), loaded.EndedAt);
        Assert.Equal("/data/logs/a.log", loaded.LogLocation);
    }

    public static async Task UpdateRun_Refuses_WhenStateMoved(IMetadataStore store)
    {
        var run = Run("orders", T0);
        await store.TryCreateRunAsync(run, [], default);
        Assert.True(await store.TryUpdateRunAsync(run with { State = DagRunState.Running, StartedAt = T0 }, DagRunState.Queued, default));
        Assert.False(await store.TryUpdateRunAsync(run with { State = DagRunState.Running }, DagRunState.Queued, default));
        Assert.True(await store.TryUpdateRunAsync(run with { State = DagRunState.Failed, StartedAt = T0, EndedAt = T0.AddMinutes(1), Error = "batch_2 failed" }, DagRunState.Running, default));
        var loaded = (await store.GetRunAsync("orders", run.RunId, default))!;
        Assert.Equal(DagRunState.Failed, loaded.State);
        Assert.Equal("batch_2 failed", loaded.Error);
        Assert.Equal(T0.AddMinutes(1), loaded.EndedAt);
    }

    public static async Task ListRuns_ReturnsNewestFirst_WhenFiltered(IMetadataStore store)
    {
        for (var i = 0; i < 5; i++) await store.TryCreateRunAsync(Run("orders", T0.AddDays(i)), [], default);
        await store.TryCreateRunAsync(Run("customers", T0), [], default);
        var third = (await store.GetRunByLogicalDateAsync("orders", T0.AddDays(2), default))!;
        await store.TryUpdateRunAsync(third with { State = DagRunState.Running }, DagRunState.Queued, default);

        var orders = await store.ListRunsAsync(new RunQuery { DagId = "orders", Limit = 3 }, default);
        Assert.Equal([T0.AddDays(4), T0.AddDays(3), T0.AddDays(2)], orders.Select(r => r.LogicalDate));
        var page2 = await store.ListRunsAsync(new RunQuery { DagId = "orders", Limit = 3, Offset = 3 }, default);
        Assert.Equal([T0.AddDays(1), T0], page2.Select(r => r.LogicalDate));
        var running = await store.ListRunsAsync(new RunQuery { State = DagRunState.Running }, default);
        Assert.Equal(third.RunId, Assert.Single(running).RunId);
        Assert.Equal(6, (await store.ListRunsAsync(new RunQuery(), default)).Count);
        Assert.Equal(T0.AddDays(4), (await store.GetLatestRunAsync("orders", default))!.LogicalDate);

        var counts = await store.CountRunsByStateAsync("orders", default);
        Assert.Equal(4, counts[DagRunState.Queued]);
        Assert.Equal(1, counts[DagRunState.Running]);
        Assert.Equal(5, (await store.CountRunsByStateAsync(null, default))[DagRunState.Queued]);
    }

    public static async Task Tasks_CountedAndListedByState_AcrossRuns(IMetadataStore store)
    {
        var r1 = Run("orders", T0);
        var r2 = Run("orders", T0.AddDays(1));
        await store.TryCreateRunAsync(r1, [Task(r1, "a"), Task(r1, "b")], default);
        await store.TryCreateRunAsync(r2, [Task(r2, "a")], default);
        var a1 = (await store.GetTaskAsync("orders", r1.RunId, "a", default))!;
        await store.TryUpdateTaskAsync(a1 with { State = TaskState.Running, Attempt = 1 }, TaskState.None, 0, default);

        var running = await store.ListTasksInStatesAsync([TaskState.Running, TaskState.Queued], default);
        Assert.Equal((r1.RunId, "a"), (Assert.Single(running).RunId, running[0].TaskId));
        var counts = await store.CountTasksByStateAsync("orders", r1.RunId, default);
        Assert.Equal(1, counts[TaskState.Running]);
        Assert.Equal(1, counts[TaskState.None]);
        Assert.Equal(2, (await store.CountTasksByStateAsync(null, null, default))[TaskState.None]);
    }

    public static async Task AddTasks_KeepsExisting_WhenIdRepeats(IMetadataStore store)
    {
        var run = Run("orders", T0);
        await store.TryCreateRunAsync(run, [Task(run, "orders.plan")], default);
        var plan = (await store.GetTaskAsync("orders", run.RunId, "orders.plan", default))!;
        await store.TryUpdateTaskAsync(plan with { State = TaskState.Success, Attempt = 1 }, TaskState.None, 0, default);

        var added = await store.AddTasksAsync([Task(run, "orders.plan"), Task(run, "orders.batch_1"), Task(run, "orders.batch_2")], default);
        Assert.Equal(2, added);
        Assert.Equal(TaskState.Success, (await store.GetTaskAsync("orders", run.RunId, "orders.plan", default))!.State);
        Assert.Equal(3, (await store.ListTasksAsync("orders", run.RunId, default)).Count);
    }

    public static async Task Paused_RoundTrips_WhenSetAndCleared(IMetadataStore store)
    {
        Assert.False(await store.IsPausedAsync("orders", default));
        await store.SetPausedAsync("orders", true, default);
        await store.SetPausedAsync("customers", true, default);
        await store.SetPausedAsync("customers", false, default);
        Assert.True(await store.IsPausedAsync("orders", default));
        Assert.Equal(["orders"], await store.ListPausedDagsAsync(default));
    }

    public static async Task RegisterDag_AppliesPausedOnCreation_OnlyTheFirstTime(IMetadataStore store)
    {
        Assert.True(await store.RegisterDagAsync("orders", pausedOnCreation: true, default));
        Assert.True(await store.IsPausedAsync("orders", default));
        await store.SetPausedAsync("orders", false, default);
        // seen again (a reload, another replica, a restart): the operator's unpause stands
        Assert.False(await store.RegisterDagAsync("orders", pausedOnCreation: true, default));
        Assert.False(await store.IsPausedAsync("orders", default));

        await store.SetPausedAsync("customers", true, default);
        Assert.False(await store.RegisterDagAsync("customers", pausedOnCreation: false, default));
        Assert.True(await store.IsPausedAsync("customers", default));
        Assert.True(await store.RegisterDagAsync("items", pausedOnCreation: false, default));
        Assert.Equal(["customers"], await store.ListPausedDagsAsync(default));
    }

    public static async Task LatestScheduledRun_IgnoresManualRuns(IMetadataStore store)
    {
        await store.TryCreateRunAsync(Run("orders", T0.AddDays(4)), [], default);
        await store.TryCreateRunAsync(Run("orders", T0.AddDays(9), "manual__x") with { TriggeredBy = RunTriggers.Manual }, [], default);
        await store.TryCreateRunAsync(Run("customers", T0.AddDays(1)) with { TriggeredBy = RunTriggers.Catchup }, [], default);

        Assert.Equal(T0.AddDays(9), (await store.GetLatestRunAsync("orders", default))!.LogicalDate);
        Assert.Equal(T0.AddDays(4), (await store.GetLatestScheduledRunAsync("orders", default))!.LogicalDate);
        Assert.Equal(T0.AddDays(1), (await store.GetLatestScheduledRunAsync("customers", default))!.LogicalDate);
        Assert.Null(await store.GetLatestScheduledRunAsync("items", default));
    }

    public static async Task CreateRun_HasOneWinner_WhenManyRace(IMetadataStore store)
    {
        var attempts = Enumerable.Range(0, 16).Select(i =>
        {
            var run = Run("orders", T0, $"replica_{i}");
            return System.Threading.Tasks.Task.Run(() => store.TryCreateRunAsync(run, [Task(run, "a")], default));
        }).ToList();
        var results = await System.Threading.Tasks.Task.WhenAll(attempts);
        Assert.Equal(1, results.Count(r => r));
        var runs = await store.ListRunsAsync(new RunQuery { DagId = "orders" }, default);
        var winner = Assert.Single(runs);
        Assert.Single(await store.ListTasksAsync("orders", winner.RunId, default));
    }
}
