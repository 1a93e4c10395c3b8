using System.CommandLine;
using System.Globalization;

namespace Sync.Cli.Commands;

/// <summary>`tasks DAG RUN`: every task of a run with state, attempts, duration and rows.</summary>
public static class TasksCommand
{
    public static Command Build(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var dagId = new Argument<string>("DAG") { Description = "DAG id" };
        var runId = new Argument<string>("RUN") { Description = "Run id" };
        var command = new Command("tasks", "List the tasks of a run") { dagId, runId };
        runner.Bind(command, async context =>
        {
            var tasks = await context.Client.ListTasksAsync(context.ParseResult.GetRequiredValue(dagId), context.ParseResult.GetRequiredValue(runId), context.CancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                await context.WriteJsonAsync(tasks).ConfigureAwait(false);
                return;
            }
            TableWriter.Write(context.Output, ["TASK", "STATE", "ATTEMPT", "DURATION", "ROWS", "LOG"],
                tasks.Select(t => (IReadOnlyList<string>)[
                    t.TaskId, t.State,
                    t.MaxAttempts > 0 ? $"{t.Attempt}/{t.MaxAttempts}" : t.Attempt.ToString(CultureInfo.InvariantCulture),
                    Formatting.Seconds(t.DurationSeconds), Formatting.Number(t.Rows), t.LogLocation ?? Formatting.Empty]));
        });
        return command;
    }
}
