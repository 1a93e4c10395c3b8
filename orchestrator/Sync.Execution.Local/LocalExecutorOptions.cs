namespace Sync.Execution.Local;

/// <summary>The <c>Sync:Local</c> settings: how the worker is started as a child process and where its logs go.</summary>
public sealed class LocalExecutorOptions
{
    public const string SectionName = "Sync:Local";

    /// <summary>Environment variable naming the worker's dll when <see cref="WorkerCommand"/> is not set (the image sets it).</summary>
    public const string WorkerDllVariable = "SYNC_WORKER_DLL";

    /// <summary>argv that starts the worker; <c>task run --spec -</c> is appended and the spec written to its stdin.</summary>
    public List<string> WorkerCommand { get; set; } = [];

    /// <summary>Folder of the attempt logs: <c>{dag}/{run}/{task}/attempt_{n}.log</c>.</summary>
    public string LogFolder { get; set; } = Path.Combine(Path.GetTempPath(), "sync-logs");

    /// <summary>Extra environment for every worker (on top of the orchestrator's own).</summary>
    public Dictionary<string, string> Environment { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The worker command, falling back to <c>dotnet $SYNC_WORKER_DLL</c>.</summary>
    public IReadOnlyList<string> ResolveWorkerCommand(Func<string, string?> getEnv)
    {
        ArgumentNullException.ThrowIfNull(getEnv);
        if (WorkerCommand.Count > 0) return WorkerCommand;
        if (getEnv(WorkerDllVariable) is { Length: > 0 } dll) return ["dotnet", dll];
        throw new InvalidOperationException($"{SectionName}:WorkerCommand is not set and neither is {WorkerDllVariable}: the local executor cannot find the worker");
    }
}
