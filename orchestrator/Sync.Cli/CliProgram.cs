using System.CommandLine;
using Sync.Cli.Commands;

namespace Sync.Cli;

/// <summary>Entry point of the admin command line: one root command, a file per command group.</summary>
public static class CliProgram
{
    public static async Task<int> RunAsync(string[] args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        configuration ??= new InvocationConfiguration();
        var parseResult = BuildRoot().Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            // Usage errors get their own exit code, apart from the server's refusals.
            foreach (var error in parseResult.Errors) await configuration.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            await configuration.Error.WriteLineAsync("run with --help for usage").ConfigureAwait(false);
            return CliExitCodes.Usage;
        }
        return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    public static RootCommand BuildRoot()
    {
        var options = new CommonOptions();
        var runner = new CommandRunner(options);
        var root = new RootCommand("Sync admin: list and operate DAGs and runs of a running orchestrator");
        options.AddTo(root);
        root.Subcommands.Add(DagsCommands.Build(runner));
        root.Subcommands.Add(TriggerCommand.Build(runner));
        root.Subcommands.Add(RunsCommand.Build(runner));
        root.Subcommands.Add(TasksCommand.Build(runner));
        root.Subcommands.Add(ClearCommand.Build(runner));
        root.Subcommands.Add(FeatureSyncCommand.Build(runner));
        return root;
    }
}
