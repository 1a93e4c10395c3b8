using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Sync.Testing;

namespace Sync.Cli.Tests;

public sealed class UnreachableServerFacts
{
    [Fact]
    public async Task DagsList_ExitsUnreachable_WhenNothingListens()
    {
        var port = FreePort.Next();

        var run = await CliRun.InvokeAsync("dags", "list", "--server", $"http://127.0.0.1:{port}", "--timeout", "5");

        Assert.Equal(CliExitCodes.Unreachable, run.ExitCode);
        Assert.Contains($"orchestrator unreachable at http://127.0.0.1:{port}", run.Error, StringComparison.Ordinal);
        Assert.Contains("/api/v1/dags", run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public async Task Runs_GivesUpAfterTimeout_WhenServerAcceptsButNeverAnswers()
    {
        // A listener that accepts connections and never writes a byte: the CLI must not hang.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = new List<Socket>();
        var acceptLoop = Task.Run(async () =>
        {
            try
            {
                while (true) accepted.Add(await listener.AcceptSocketAsync());
            }
            catch (SocketException)
            {
                // listener stopped at the end of the test
            }
            catch (ObjectDisposedException)
            {
                // listener disposed at the end of the test
            }
        });

        var clock = Stopwatch.StartNew();
        var run = await CliRun.InvokeAsync("runs", "some_dag", "--server", $"http://127.0.0.1:{port}", "--timeout", "1.5");
        clock.Stop();
        listener.Stop();
        await acceptLoop;
        foreach (var socket in accepted) socket.Dispose();

        Assert.Equal(CliExitCodes.Unreachable, run.ExitCode);
        Assert.Contains("no answer within 1.5s", run.Error, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Run_ExitsUsage_WhenServerIsNotHttpUrl()
    {
        var run = await CliRun.InvokeAsync("dags", "list", "--server", "ftp://127.0.0.1:21");

        Assert.Equal(CliExitCodes.Usage, run.ExitCode);
        Assert.Contains("--server 'ftp://127.0.0.1:21' is not an http(s) URL", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ExitsUsage_WhenArgumentMissing()
    {
        var run = await CliRun.InvokeAsync("tasks", "only_dag");

        Assert.Equal(CliExitCodes.Usage, run.ExitCode);
        Assert.Contains("RUN", run.Error, StringComparison.Ordinal);
    }
}
