using Sync.Tasks;

namespace Sync.Execution;

/// <summary>One attempt of one task, as an executor must start it.</summary>
public sealed record TaskLaunch
{
    public required TaskSpec Spec { get; init; }

    /// <summary>Stable identity of the attempt (dag, run, task, attempt). Executors use it to adopt instead of relaunch.</summary>
    public string AttemptKey => KeyOf(Spec.DagId, Spec.RunId, Spec.TaskId, Spec.Attempt);

    /// <summary>The attempt key of any attempt, for code that holds the parts but no launch (pod names, orphan checks).</summary>
    public static string KeyOf(string dagId, string runId, string taskId, int attempt) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{dagId}/{runId}/{taskId}/{attempt}");

    /// <summary>
    /// Container image (Kubernetes executor only). Its entrypoint must be the worker: the pod runs it with the args
    /// <c>task run --spec-json &lt;TaskSpec JSON&gt;</c> (one argument, at most 128 KiB, the kernel's limit for one
    /// argument); the executor's <c>Command</c> option replaces the entrypoint when the image has none.
    /// </summary>
    public string? Image { get; init; }

    public ResourceSpec Resources { get; init; } = new();

    /// <summary>Plain environment for the worker (non-secret settings).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Wall-clock limit for the attempt; the executor kills it after this. <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>
    /// sets none (long-lived feature-sync workers).
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Where the attempt's log is copied (object-store or file URI), or null to keep it local.</summary>
    public string? LogUri { get; init; }
}

public sealed record ResourceSpec
{
    public string? CpuRequest { get; init; }
    public string? CpuLimit { get; init; }
    /// <summary>Memory request in bytes (the Kubernetes executor grows it from the batch size and after OOMKilled).</summary>
    public long? MemoryRequestBytes { get; init; }
    public long? MemoryLimitBytes { get; init; }
}
