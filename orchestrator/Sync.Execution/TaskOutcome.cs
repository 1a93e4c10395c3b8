using Sync.Tasks;

namespace Sync.Execution;

/// <summary>How an attempt ended.</summary>
public sealed record TaskOutcome
{
    public required int ExitCode { get; init; }
    /// <summary>The worker's last stdout line parsed, when it printed one.</summary>
    public TaskResult? Result { get; init; }
    /// <summary>The container was killed for exceeding its memory limit.</summary>
    public bool OomKilled { get; init; }
    public bool TimedOut { get; init; }
    /// <summary>Where the attempt's log can be read.</summary>
    public string? LogLocation { get; init; }
    /// <summary>Executor-side error (pod could not be created, process could not start, ...).</summary>
    public string? Error { get; init; }
    /// <summary>
    /// The resources the attempt actually ran with, after the executor's own sizing (null when it sets none).
    /// A retry after <see cref="OomKilled"/> grows from these.
    /// </summary>
    public ResourceSpec? Resources { get; init; }

    public bool Succeeded => ExitCode == ExitCodes.Success && !OomKilled && !TimedOut;
}
