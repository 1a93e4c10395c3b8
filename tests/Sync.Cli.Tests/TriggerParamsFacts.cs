using Sync.Cli.Commands;

namespace Sync.Cli.Tests;

public sealed class TriggerParamsFacts
{
    [Fact]
    public void ParseParams_SplitsAtFirstEquals_WhenValueHoldsEquals()
    {
        var values = TriggerCommand.ParseParams(["table=orders", "filter=a=b", "empty="]);

        Assert.Equal("orders", values["table"]);
        Assert.Equal("a=b", values["filter"]);
        Assert.Equal(string.Empty, values["empty"]);
    }

    [Fact]
    public void ParseParams_LaterValueWins_WhenKeyRepeats()
    {
        var values = TriggerCommand.ParseParams(["k=1", "k=2"]);

        Assert.Equal("2", Assert.Single(values).Value);
    }

    [Theory]
    [InlineData("novalue")]
    [InlineData("=value")]
    public void ParseParams_Throws_WhenPairHasNoKey(string pair)
    {
        var ex = Assert.Throws<CliUsageException>(() => TriggerCommand.ParseParams([pair]));

        Assert.Contains(pair, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trigger_ExitsUsage_WhenParamIsNotKeyValue()
    {
        var run = await CliRun.InvokeAsync("trigger", "dag", "--param", "oops", "--server", "http://127.0.0.1:9");

        Assert.Equal(CliExitCodes.Usage, run.ExitCode);
        Assert.Contains("--param 'oops' is not key=value", run.Error, StringComparison.Ordinal);
    }
}
