using Sync.Tasks;

namespace Sync.Execution.Kubernetes.Tests;

public sealed class PodLabelsTests
{
    [Theory]
    [InlineData("manual__2026-11-23T09:00:00+00:00", "manual__2026-11-23T09-00-00-00-00")]
    [InlineData("batch_7", "batch_7")]
    [InlineData("__x__", "x")]
    [InlineData("///", "")]
    public void Value_ReplacesInvalidCharacters_WhenTextIsNotALabel(string text, string expected)
    {
        var value = PodLabels.Value(text);

        Assert.Equal(expected, value);
        Assert.True(PodLabels.IsValidValue(value));
    }

    [Fact]
    public void Value_CutsAndHashes_WhenTextIsLongerThan63()
    {
        var a = PodLabels.Value(new string('a', 80) + "1");
        var b = PodLabels.Value(new string('a', 80) + "2");

        Assert.True(a.Length <= 63 && PodLabels.IsValidValue(a), a);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void For_LabelsEveryPartOfTheAttempt_WhenSpecHasOddIds()
    {
        var labels = PodLabels.For(new TaskSpec
        {
            Kind = TaskKinds.TableBatch, DagId = "orders sync", RunId = "scheduled__2026-11-23T00:00:00Z", TaskId = "batch_3", Attempt = 2,
        }, "prod");

        Assert.Equal("orders-sync", labels[PodLabels.Dag]);
        Assert.Equal("scheduled__2026-11-23T00-00-00Z", labels[PodLabels.Run]);
        Assert.Equal("batch_3", labels[PodLabels.Task]);
        Assert.Equal("2", labels[PodLabels.Attempt]);
        Assert.Equal("prod", labels[PodLabels.Instance]);
        Assert.All(labels, l => Assert.True(PodLabels.IsValidKey(l.Key) && PodLabels.IsValidValue(l.Value), $"{l.Key}={l.Value}"));
    }
}
