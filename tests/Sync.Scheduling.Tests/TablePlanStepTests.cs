using Sync.Metadata;
using Sync.Tasks;
using static Sync.Scheduling.Tests.TestDags;

namespace Sync.Scheduling.Tests;

public sealed class TablePlanStepTests : IDisposable
{
    private readonly string _warehouse = Path.Combine(Path.GetTempPath(), "sync-tests", "warehouse-" + Guid.NewGuid().ToString("N"));

    private string Source => new Uri(Path.Combine(_warehouse, "orders")).AbsoluteUri;

    private void WriteFile(string relative, int bytes)
    {
        var path = Path.Combine(_warehouse, "orders", relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[bytes]);
    }

    private async Task<(SchedulingHarness Harness, DagRunRecord Run)> PlannedRunAsync(int maxFilesPerBatch = 2, int maxParallelBatches = 0, bool partitionedByDt = false, bool allowEmptySource = false)
    {
        var table = Table("orders", Source, maxFilesPerBatch: maxFilesPerBatch, maxParallelBatches: maxParallelBatches, execution: Defaults(retries: 2)) with { AllowEmptySource = allowEmptySource };
        if (partitionedByDt) table = table with { PartitionColumns = [new PartitionColumnSpec { Name = "dt", Type = "date" }] };
        var h = await SchedulingHarness.CreateAsync(Dag("orders_dag", tables: [table]));
        var run = await h.CreateRunAsync("orders_dag");
        await h.AdvanceAsync();
        var plan = Assert.Single(await h.RunJobsAsync());
        Assert.Equal("orders.plan", plan.TaskId);
        return (h, run);
    }

    [Fact]
    public async Task RunAsync_RecordsBatchesAndPointsFinishAtThem_WhenSourceHasFiles()
    {
        WriteFile("dt=2026-11-01/part-0.orc", 100);
        WriteFile("dt=2026-11-01/part-1.orc", 200);
        WriteFile("dt=2026-11-02/part-0.orc", 300);
        WriteFile("dt=2026-11-02/_SUCCESS", 0);
        var (h, run) = await PlannedRunAsync(maxFilesPerBatch: 2, maxParallelBatches: 3, partitionedByDt: true);
        using var _ = h;

        var tasks = (await h.Store.ListTasksAsync(run.DagId, run.RunId, CancellationToken.None)).ToDictionary(t => t.TaskId);
        Assert.Equal(TaskState.Success, tasks["orders.plan"].State);
        Assert.Equal(["orders.batch_1", "orders.batch_2", "orders.finish", "orders.plan", "orders.start"], tasks.Keys.Order(StringComparer.Ordinal));

        var batch1 = tasks["orders.batch_1"];
        Assert.Equal(TaskKinds.TableBatch, batch1.Kind);
        Assert.Equal(["orders.start"], batch1.Upstream);
        Assert.Equal(300, batch1.Bytes);
        Assert.Equal(("orders.batches", 3), (batch1.Policy.ParallelGroup, batch1.Policy.MaxParallelInGroup));
        Assert.Equal(3, batch1.MaxAttempts);
        var spec1 = TaskJson.Deserialize<TaskSpec>(batch1.SpecJson);
        Assert.Equal(["part-0.orc", "part-1.orc"], spec1.Batch!.Files.Select(f => Path.GetFileName(new Uri(f.Uri).LocalPath)));
        Assert.Equal("2026-11-01", spec1.Batch.Files[0].Partition["dt"]);
        Assert.Equal(Source, spec1.Table!.Source);
        Assert.Equal(300, tasks["orders.batch_2"].Bytes);

        var finish = tasks["orders.finish"];
        Assert.Equal(["orders.start", "orders.batch_1", "orders.batch_2"], finish.Upstream);
        Assert.Equal(600, finish.Bytes);
        Assert.Equal([1, 2], TaskJson.Deserialize<TaskSpec>(finish.SpecJson).AllBatches!.Select(b => b.Index));

        var planned = tasks["orders.plan"];
        Assert.Equal(600, planned.Bytes);
    }

    [Fact]
    public async Task RunAsync_RunsTableStepsInOrder_WhenPlanned()
    {
        for (var i = 0; i < 5; i++) WriteFile($"part-{i}.orc", 10);
        var (h, run) = await PlannedRunAsync(maxFilesPerBatch: 1, maxParallelBatches: 2);
        using var _ = h;

        await h.AdvanceAsync();
        Assert.Equal(["orders.start"], (await h.RunJobsAsync()).Select(j => j.TaskId));
        await h.AdvanceAsync();
        // start succeeded: five batches are ready, but only two of the table may run at once
        var states = await h.StatesAsync(run);
        Assert.Equal(2, Enumerable.Range(1, 5).Count(i => states[$"orders.batch_{i}"] == TaskState.Queued));
        Assert.Equal(3, Enumerable.Range(1, 5).Count(i => states[$"orders.batch_{i}"] == TaskState.Scheduled));
        Assert.Equal(TaskState.None, states["orders.finish"]);

        await h.SettleAsync();
        var order = h.Executor.Launches.Select(l => l.Spec.TaskId).ToList();
        Assert.Equal("orders.start", order[0]);
        Assert.Equal("orders.finish", order[^1]);
        Assert.Equal(["orders.batch_1", "orders.batch_2", "orders.batch_3", "orders.batch_4", "orders.batch_5"], order[1..^1]);
        Assert.Equal(5, h.Executor.LaunchesOf("orders.finish")[0].Spec.AllBatches!.Count);
        Assert.Equal(DagRunState.Success, (await h.RunAsync(run)).State);
    }

    [Fact]
    public async Task RunAsync_KeepsFirstPlan_WhenRunAgainAfterSourceChanged()
    {
        WriteFile("part-0.orc", 100);
        WriteFile("part-1.orc", 100);
        var (h, run) = await PlannedRunAsync(maxFilesPerBatch: 1);
        using var _ = h;
        WriteFile("part-2.orc", 100); // arrives after planning

        var plan = await h.TaskAsync(run, "orders.plan");
        var again = await h.PlanStep.RunAsync(plan, CancellationToken.None);

        Assert.True(again.Succeeded);
        Assert.Equal("2", again.Result!.Details!["batches"]);
        var tasks = await h.Store.ListTasksAsync(run.DagId, run.RunId, CancellationToken.None);
        Assert.Equal(2, tasks.Count(t => t.Kind == TaskKinds.TableBatch));
        Assert.Equal(["orders.start", "orders.batch_1", "orders.batch_2"], tasks.Single(t => t.TaskId == "orders.finish").Upstream);
    }

    [Fact]
    public async Task RunAsync_PlansNoBatches_WhenPrefixHasNoFilesAndTheTableMayBeEmpty()
    {
        WriteFile("_SUCCESS", 0);
        var (h, run) = await PlannedRunAsync(allowEmptySource: true);
        using var _ = h;

        var tasks = (await h.Store.ListTasksAsync(run.DagId, run.RunId, CancellationToken.None)).ToDictionary(t => t.TaskId);
        Assert.Equal(TaskState.Success, tasks["orders.plan"].State);
        Assert.DoesNotContain(tasks.Values, t => t.Kind == TaskKinds.TableBatch);
        Assert.Equal(["orders.start"], tasks["orders.finish"].Upstream);
        Assert.Empty(TaskJson.Deserialize<TaskSpec>(tasks["orders.finish"].SpecJson).AllBatches!);
    }

    [Fact]
    public async Task RunAsync_FailsPermanentlyNamingUri_WhenPrefixHasNoFiles()
    {
        Directory.CreateDirectory(_warehouse); // the table's own folder is missing
        var (h, run) = await PlannedRunAsync();
        using var _ = h;

        var plan = await h.TaskAsync(run, "orders.plan");
        Assert.Equal(TaskState.Failed, plan.State);
        Assert.Equal(1, plan.Attempt); // no retries for a permanent error, though the table allows two
        Assert.Contains(Source, plan.Error, StringComparison.Ordinal);
        Assert.Contains("allow_empty_source", plan.Error, StringComparison.Ordinal);
        Assert.StartsWith("exited with 2: ", plan.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(await h.Store.ListTasksAsync(run.DagId, run.RunId, CancellationToken.None), t => t.Kind == TaskKinds.TableBatch);

        await h.SettleAsync();
        var states = await h.StatesAsync(run);
        Assert.Equal(TaskState.UpstreamFailed, states["orders.start"]);
        Assert.Equal(TaskState.UpstreamFailed, states["orders.finish"]);
        Assert.Equal(DagRunState.Failed, (await h.RunAsync(run)).State);
    }

    [Fact]
    public async Task RunAsync_FailsPermanentlyNamingFile_WhenPartitionFolderIsMissing()
    {
        WriteFile("part-0.orc", 100); // no dt=... folder though the table is partitioned by dt
        var table = Table("orders", Source) with { PartitionColumns = [new PartitionColumnSpec { Name = "dt", Type = "date" }] };
        using var h = await SchedulingHarness.CreateAsync(Dag("orders_dag", tables: [table]));
        var run = await h.CreateRunAsync("orders_dag");

        await h.SettleAsync();

        var plan = await h.TaskAsync(run, "orders.plan");
        Assert.Equal(TaskState.Failed, plan.State);
        Assert.Contains("part-0.orc", plan.Error, StringComparison.Ordinal);
        Assert.Contains("'dt'", plan.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_warehouse)) Directory.Delete(_warehouse, true);
    }
}
