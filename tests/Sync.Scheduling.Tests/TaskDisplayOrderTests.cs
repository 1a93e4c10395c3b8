using Sync.Metadata;

namespace Sync.Scheduling.Tests;

public sealed class TaskDisplayOrderTests
{
    private static TaskInstanceRecord Task(string id, params string[] upstream) =>
        new() { DagId = "d", RunId = "r", TaskId = id, Kind = "command", Upstream = upstream };

    [Fact]
    public void Sort_PutsEveryTaskAfterItsUpstream_WithBatchesInNumberOrder()
    {
        var batches = Enumerable.Range(1, 11).Select(i => $"orders.batch_{i}").ToArray();
        var tasks = new List<TaskInstanceRecord>
        {
            Task("report", "orders.finish"),
            Task("orders.finish", batches),
            Task("orders.plan"),
            Task("orders.start", "orders.plan"),
        };
        tasks.AddRange(batches.Reverse().Select(b => Task(b, "orders.start")));

        var ids = TaskDisplayOrder.Sort(tasks).Select(t => t.TaskId).ToArray();

        Assert.Equal(["orders.plan", "orders.start", .. batches, "orders.finish", "report"], ids);
    }

    [Fact]
    public void Sort_KeepsTasksWhoseIdsCompareEqualAsNumbers()
    {
        var ids = TaskDisplayOrder.Sort([Task("batch_7"), Task("batch_007"), Task("a")]).Select(t => t.TaskId).ToArray();

        Assert.Equal(["a", "batch_007", "batch_7"], ids);
    }

    [Fact]
    public void Sort_ShowsEveryTask_WhenUpstreamIsMissingOrCyclic()
    {
        var ids = TaskDisplayOrder.Sort([Task("b", "a"), Task("a", "b"), Task("c", "gone"), Task("d", "d")]).Select(t => t.TaskId).ToArray();

        Assert.Equal(["c", "d", "a", "b"], ids);
    }
}
