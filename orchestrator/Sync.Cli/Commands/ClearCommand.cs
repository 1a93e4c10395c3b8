using System.CommandLine;

namespace Sync.Cli.Commands;

/// <summary>`clear DAG RUN [--task T]`: sends a run's failed tasks, or one task and its downstream, back to be run again.</summary>
public static class ClearCommand
{
    public static Command Build(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var dagId = new Argument<string>("DAG") { Description = "DAG id" };
        var runId = new Argument<string>("RUN") { Description = "Run id" };
        var taskId = new Option<string?>("--task", "-t") { Description = "Clear only this task (and what depends on it)" };
        var command = new Command("clear", "Clear a run or one task of it so it runs again") { dagId, runId, taskId };
        runner.Bind(command, async context =>
        {
            var dag = context.ParseResult.GetRequiredValue(dagId);
            var run = context.ParseResult.GetRequiredValue(runId);
            var task = context.ParseResult.GetValue(taskId);
            var result = task is null
                ? await context.Client.ClearRunAsync(dag, run, context.CancellationToken).ConfigureAwait(false)
                : await context.Client.ClearTaskAsync(dag, run, task, context.CancellationToken).ConfigureAwait(false);
            if (context.Json) await context.WriteJsonAsync(result).ConfigureAwait(false);
            else await context.Output.WriteLineAsync($"cleared {result.Cleared} task(s) of {result.DagId} run {result.RunId}").ConfigureAwait(false);
        });
        return command;
    }
}
