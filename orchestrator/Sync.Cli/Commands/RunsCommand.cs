using System.CommandLine;

namespace Sync.Cli.Commands;

/// <summary>`runs DAG`: the runs of a DAG, newest first.</summary>
public static class RunsCommand
{
    public static Command Build(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var dagId = new Argument<string>("DAG") { Description = "DAG id" };
        var command = new Command("runs", "List the runs of a DAG") { dagId };
        runner.Bind(command, async context =>
        {
            var runs = await context.Client.ListRunsAsync(context.ParseResult.GetRequiredValue(dagId), context.CancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                await context.WriteJsonAsync(runs).ConfigureAwait(false);
                return;
            }
            TableWriter.Write(context.Output, ["RUN", "STATE", "TYPE", "LOGICAL DATE", "STARTED", "ENDED"],
                runs.Select(r => (IReadOnlyList<string>)[r.RunId, r.State, r.RunType ?? Formatting.Empty, Formatting.Time(r.LogicalDate), Formatting.Time(r.StartedAt), Formatting.Time(r.EndedAt)]));
        });
        return command;
    }
}
