using System.CommandLine;

namespace Sync.Cli.Commands;

/// <summary>`trigger DAG [--param k=v]...`: starts a manual run.</summary>
public static class TriggerCommand
{
    public static Command Build(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var dagId = new Argument<string>("DAG") { Description = "DAG id" };
        var parameters = new Option<string[]>("--param", "-p")
        {
            Description = "Run parameter as key=value (repeatable)",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("trigger", "Start a manual run of a DAG") { dagId, parameters };
        runner.Bind(command, async context =>
        {
            var values = ParseParams(context.ParseResult.GetValue(parameters) ?? []);
            var run = await context.Client.TriggerAsync(context.ParseResult.GetRequiredValue(dagId), values, context.CancellationToken).ConfigureAwait(false);
            if (context.Json) await context.WriteJsonAsync(run).ConfigureAwait(false);
            else await context.Output.WriteLineAsync($"triggered {run.DagId} run {run.RunId} ({run.State})").ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Splits each <c>key=value</c> at its first '='; a later duplicate key wins.</summary>
    public static IReadOnlyDictionary<string, string> ParseParams(IEnumerable<string> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw new CliUsageException($"--param '{pair}' is not key=value");
            result[pair[..equals]] = pair[(equals + 1)..];
        }
        return result;
    }
}
