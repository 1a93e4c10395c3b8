using System.CommandLine;

namespace Sync.Cli.Commands;

/// <summary>`dags list|pause|unpause|errors`: the DAGs the orchestrator loaded.</summary>
public static class DagsCommands
{
    public static Command Build(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var dags = new Command("dags", "List DAGs, pause and unpause them, show import errors");

        var list = new Command("list", "List DAGs with schedule, paused flag, last and next run");
        runner.Bind(list, async context =>
        {
            var all = await context.Client.ListDagsAsync(context.CancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                await context.WriteJsonAsync(all).ConfigureAwait(false);
                return;
            }
            TableWriter.Write(context.Output, ["DAG", "SCHEDULE", "PAUSED", "LAST RUN", "NEXT RUN"],
                all.Select(d => (IReadOnlyList<string>)[d.DagId, d.Schedule ?? Formatting.Empty, d.IsPaused ? "yes" : "no", Formatting.RunCell(d.LastRun), Formatting.Time(d.NextRunAt)]));
        });
        dags.Subcommands.Add(list);

        dags.Subcommands.Add(BuildPause(runner, "pause", "Stop scheduling new runs of a DAG", paused: true));
        dags.Subcommands.Add(BuildPause(runner, "unpause", "Resume scheduling a DAG", paused: false));

        var errors = new Command("errors", "List DAG files that failed to load, with file, line and column");
        runner.Bind(errors, async context =>
        {
            var all = await context.Client.ListImportErrorsAsync(context.CancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                await context.WriteJsonAsync(all).ConfigureAwait(false);
                return;
            }
            TableWriter.Write(context.Output, ["FILE", "LINE", "COLUMN", "ERROR"],
                all.Select(e => (IReadOnlyList<string>)[e.File, e.Line?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Formatting.Empty, e.Column?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Formatting.Empty, e.Message]));
        });
        dags.Subcommands.Add(errors);
        return dags;
    }

    private static Command BuildPause(CommandRunner runner, string name, string description, bool paused)
    {
        var dagId = new Argument<string>("DAG") { Description = "DAG id" };
        var command = new Command(name, description) { dagId };
        runner.Bind(command, async context =>
        {
            var id = context.ParseResult.GetRequiredValue(dagId);
            var dag = paused
                ? await context.Client.PauseAsync(id, context.CancellationToken).ConfigureAwait(false)
                : await context.Client.UnpauseAsync(id, context.CancellationToken).ConfigureAwait(false);
            if (context.Json) await context.WriteJsonAsync(dag).ConfigureAwait(false);
            else await context.Output.WriteLineAsync($"{dag.DagId}: {(dag.IsPaused ? "paused" : "unpaused")}").ConfigureAwait(false);
        });
        return command;
    }
}
