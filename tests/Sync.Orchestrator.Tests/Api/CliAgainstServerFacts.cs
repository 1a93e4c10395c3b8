using System.CommandLine;
using Sync.Cli;
using Sync.Orchestrator.Tests.Hosting;

namespace Sync.Orchestrator.Tests.Api;

public sealed class CliAgainstServerFacts
{
    [Fact]
    public async Task Cli_TriggersListsAndPauses_AgainstRunningServer()
    {
        await using var host = await WebTestHost.StartAsync([WebTestHost.CommandDag("orders", "extract", "load")]);
        var server = host.Address.ToString();

        var trigger = await RunAsync("trigger", "orders", "--param", "day=2026-11-23", "--server", server);
        Assert.Equal(0, trigger.ExitCode);
        Assert.StartsWith("triggered orders run manual__", trigger.Output, StringComparison.Ordinal);

        var runs = await RunAsync("runs", "orders", "--server", server);
        var runId = runs.Output.Split('\n')[1].Split(' ')[0];
        Assert.StartsWith("manual__", runId, StringComparison.Ordinal);

        var tasks = await RunAsync("tasks", "orders", runId, "--server", server);
        Assert.Contains("extract", tasks.Output, StringComparison.Ordinal);
        Assert.Contains("load", tasks.Output, StringComparison.Ordinal);

        var paused = await RunAsync("dags", "pause", "orders", "--server", server);
        Assert.Equal("orders: paused", paused.Output.Trim());
        var list = await RunAsync("dags", "list", "--json", "--server", server);
        Assert.Contains("\"isPaused\": true", list.Output, StringComparison.Ordinal);

        var missing = await RunAsync("clear", "orders", "no_such_run", "--server", server);
        Assert.Equal(CliExitCodes.ServerError, missing.ExitCode);
        Assert.Contains("no_such_run", missing.Error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliProgram.RunAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
