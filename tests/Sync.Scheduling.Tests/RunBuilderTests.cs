using Sync.Metadata;
using Sync.Tasks;
using static Sync.Scheduling.Tests.TestDags;

namespace Sync.Scheduling.Tests;

public sealed class RunBuilderTests
{
    private static readonly DateTimeOffset Tick = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    // announce → orders (plan → start → finish) → report
    private static readonly Sync.Dags.DagDefinition Example = Dag("example_orders",
        [Step("announce"), Step("report", Defaults(retries: 4, pool: "reports"), "orders")],
        [Table("orders", "file:///warehouse/orders", maxFilesPerBatch: 2, maxParallelBatches: 4,
            execution: Defaults(retries: 2, retryDelay: TimeSpan.FromSeconds(45), memory: 2L << 30, memoryLimit: 4L << 30), dependsOn: "announce")]);

    [Fact]
    public void Build_ExpandsTablesAndMapsTableDependenciesToFinish_WhenDagHasTablesAndTasks()
    {
        var (run, tasks) = RunBuilder.Build(Example, Tick, RunTriggers.Schedule, null, Tick.AddSeconds(3));

        var byId = tasks.ToDictionary(t => t.TaskId);
        Assert.Equal(["announce", "orders.finish", "orders.plan", "orders.start", "report"], byId.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([], byId["announce"].Upstream);
        Assert.Equal(["announce"], byId["orders.plan"].Upstream);
        Assert.Equal(["orders.plan"], byId["orders.start"].Upstream);
        Assert.Equal(["orders.start"], byId["orders.finish"].Upstream);
        Assert.Equal(["orders.finish"], byId["report"].Upstream); // a dependency on a table waits for its finish step
        Assert.Equal((OrchestratorTaskKinds.Plan, TaskKinds.TableStart, TaskKinds.TableFinish, TaskKinds.Command),
            (byId["orders.plan"].Kind, byId["orders.start"].Kind, byId["orders.finish"].Kind, byId["report"].Kind));
        Assert.All(tasks, t => Assert.Equal((TaskState.None, 0, run.DagId, run.RunId), (t.State, t.Attempt, t.DagId, t.RunId)));

        Assert.Equal(("example_orders", "scheduled__2026-11-23T02:00:00Z", DagRunState.Queued), (run.DagId, run.RunId, run.State));
        Assert.Equal((Tick, Tick.AddSeconds(3)), (run.LogicalDate, run.CreatedAt));
        Assert.Empty(run.Params);
    }

    [Fact]
    public void Build_FreezesSpecsAndPolicies_WhenRunIsCreated()
    {
        var (run, tasks) = RunBuilder.Build(Example, Tick, RunTriggers.Manual, new Dictionary<string, string> { ["dt"] = "2026-11-22" }, Tick);
        var byId = tasks.ToDictionary(t => t.TaskId);

        var plan = TaskJson.Deserialize<TaskSpec>(byId["orders.plan"].SpecJson);
        Assert.Equal((run.DagId, run.RunId, "orders.plan"), (plan.DagId, plan.RunId, plan.TaskId));
        Assert.Equal(("orders", 1024L * 1024, 2, 4), (plan.Plan!.TableId, plan.Plan.TargetBatchBytes, plan.Plan.MaxFilesPerBatch, plan.Plan.MaxParallelBatches));
        Assert.Equal(("file:///warehouse/orders", "warehouse", "sync_demo", "orders", "insert"),
            (plan.Table!.Source, plan.Table.TargetConnection, plan.Table.TargetDatabase, plan.Table.TargetTable, plan.Table.WriteMode));
        Assert.Equal(["id"], plan.Table.PrimaryKey);
        Assert.Equal([], TaskJson.Deserialize<TaskSpec>(byId["orders.finish"].SpecJson).AllBatches);
        Assert.Equal(["echo", "report"], TaskJson.Deserialize<TaskSpec>(byId["report"].SpecJson).Command);

        var start = byId["orders.start"];
        Assert.Equal((2, 3), (start.Policy.Retries, start.MaxAttempts));
        Assert.Equal(TimeSpan.FromSeconds(45), start.Policy.RetryDelay);
        Assert.Equal((2L << 30, 4L << 30, "sync-worker:test", "1"), (start.Policy.MemoryRequestBytes, start.Policy.MemoryLimitBytes, start.Policy.Image, start.Policy.CpuRequest));
        Assert.Equal(("reports", 5), (byId["report"].Policy.Pool, byId["report"].MaxAttempts));
        Assert.Equal((0, 1), (byId["announce"].Policy.Retries, byId["announce"].MaxAttempts));
        Assert.Equal("2026-11-22", run.Params["dt"]);
        Assert.StartsWith("manual__", run.RunId, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RunTriggers.Schedule, "scheduled__2026-11-23T02:00:00Z")]
    [InlineData(RunTriggers.Catchup, "scheduled__2026-11-23T02:00:00Z")]
    [InlineData(RunTriggers.Manual, "manual__2026-11-23T02:00:00Z")]
    public void RunIdFor_NamesTriggerAndUtcDate_WhenDateIsWholeSecond(string trigger, string expected)
    {
        // 10:00 in Shanghai is 02:00 UTC
        Assert.Equal(expected, RunBuilder.RunIdFor(trigger, new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8))));
    }

    [Fact]
    public void RunIdFor_KeepsSubSecondPrecision_WhenManualTriggersComeQuickly()
    {
        var first = Tick.AddTicks(1_234_567);
        var second = Tick.AddTicks(1_234_568);

        Assert.Equal("manual__2026-11-23T02:00:00.1234567Z", RunBuilder.RunIdFor(RunTriggers.Manual, first));
        Assert.NotEqual(RunBuilder.RunIdFor(RunTriggers.Manual, first), RunBuilder.RunIdFor(RunTriggers.Manual, second));
    }

    [Fact]
    public void BatchRecord_WaitsForStartAndJoinsTableGroup_WhenPlanned()
    {
        var (_, tasks) = RunBuilder.Build(Example, Tick, RunTriggers.Schedule, null, Tick);
        var start = tasks.Single(t => t.TaskId == "orders.start");
        var spec = TaskJson.Deserialize<TaskSpec>(start.SpecJson);
        var batch = new BatchSpec
        {
            Index = 3,
            Files = [new BatchFile { Uri = "file:///warehouse/orders/a.orc", Size = 70 }, new BatchFile { Uri = "file:///warehouse/orders/b.orc", Size = 30 }],
        };

        var record = RunBuilder.BatchRecord(start, spec.Table!, new PlanSpec { TableId = "orders", TargetBatchBytes = 100, MaxFilesPerBatch = 2, MaxParallelBatches = 4 }, batch);

        Assert.Equal(("orders.batch_3", TaskKinds.TableBatch, 100L), (record.TaskId, record.Kind, record.Bytes!.Value));
        Assert.Equal(["orders.start"], record.Upstream);
        Assert.Equal(("orders.batches", 4, 3), (record.Policy.ParallelGroup, record.Policy.MaxParallelInGroup, record.MaxAttempts));
        Assert.Equal(start.Policy.MemoryRequestBytes, record.Policy.MemoryRequestBytes);
        var recorded = TaskJson.Deserialize<TaskSpec>(record.SpecJson);
        Assert.Equal((3, 2), (recorded.Batch!.Index, recorded.Batch.Files.Count));
        Assert.Equal(start.RunId, recorded.RunId);
    }
}
