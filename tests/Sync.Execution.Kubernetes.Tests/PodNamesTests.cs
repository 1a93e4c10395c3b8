using Sync.Tasks;

namespace Sync.Execution.Kubernetes.Tests;

public sealed class PodNamesTests
{
    [Fact]
    public void ForAttempt_ReturnsSameValidName_WhenCalledTwiceForSameAttempt()
    {
        var spec = Spec("orders_sync", "manual__2026-11-23T09:00:00+00:00", "batch_12", 3);

        var first = PodNames.ForAttempt(spec);
        var second = PodNames.ForAttempt(spec with { });

        Assert.Equal(first, second);
        Assert.True(PodNames.IsDnsLabel(first), first);
        Assert.StartsWith("sync-orders-sync-batch-12-3-", first, StringComparison.Ordinal);
    }

    [Fact]
    public void ForAttempt_DiffersPerRunAndAttempt_WhenReadablePartIsSame()
    {
        var a = PodNames.ForAttempt(Spec("d", "run-1", "t", 1));
        var b = PodNames.ForAttempt(Spec("d", "run-2", "t", 1));
        var c = PodNames.ForAttempt(Spec("d", "run-1", "t", 2));

        Assert.Equal(3, new[] { a, b, c }.Distinct().Count());
    }

    [Fact]
    public void ForAttempt_StaysWithin63Characters_WhenIdsAreLongAndOdd()
    {
        var spec = Spec(new string('D', 120) + "..__", "R/" + new string('x', 200), "Task With Spaces & Ümlauts " + new string('t', 90), 12345);

        var name = PodNames.ForAttempt(spec);

        Assert.True(name.Length <= 63, name);
        Assert.True(PodNames.IsDnsLabel(name), name);
        Assert.Contains("-12345-", name, StringComparison.Ordinal);
    }

    private static TaskSpec Spec(string dag, string run, string task, int attempt) =>
        new() { Kind = TaskKinds.Command, DagId = dag, RunId = run, TaskId = task, Attempt = attempt };
}
