using System.CommandLine;
using Sync.Worker.Commands;

namespace Sync.Worker;

/// <summary>Entry point of the worker: one root command, a group per concern, each group in its own file.</summary>
public static class WorkerProgram
{
    public static int Run(string[] args)
    {
        NativeAllocatorSettings.Apply();
        return BuildRoot().Parse(args).Invoke();
    }

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("Sync worker: runs table-sync steps, ORC tools and feature sync");
        root.Subcommands.Add(OrcCommands.Build());
        root.Subcommands.Add(TaskCommands.Build());
        root.Subcommands.Add(FeatureSyncCommands.Build());
        root.Subcommands.Add(DemoCommands.Build());
        return root;
    }
}
