using Sync.Orchestrator.Dashboard;

namespace Sync.Orchestrator.Tests.Dashboard;

public sealed class TriggerFormFacts
{
    [Fact]
    public void ParseParams_ReadsOnePairPerLine_WhenLinesEndWithCrLf()
    {
        var values = SyncDashboardRoutes.ParseParams(["table = orders\r\n\r\nfilter=a=b\r\n"]);

        Assert.Equal(2, values.Count);
        Assert.Equal("orders", values["table"]);
        Assert.Equal("a=b", values["filter"]);
    }

    [Fact]
    public void ParseParams_NamesLine_WhenPairHasNoEquals()
    {
        var ex = Assert.Throws<DashboardInputException>(() => SyncDashboardRoutes.ParseParams(["a=1\nbroken"]));

        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'broken'", ex.Message, StringComparison.Ordinal);
    }
}
