using System.CommandLine;

namespace Sync.Worker.Commands;

/// <summary>`task run --spec FILE|-`: runs one table-sync step from its TaskSpec.</summary>
public static class TaskCommands
{
    public static Command Build()
    {
        var task = new Command("task", "Run orchestrator tasks");
        return task;
    }
}
