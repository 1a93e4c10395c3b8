using Sync.Metadata;

namespace Sync.Scheduling;

/// <summary>
/// What an operator can do to DAGs and runs (dashboard, REST API, CLI). Failures the caller should report as such
/// (unknown DAG/run/task, a run that already exists, clearing a task that is still running) are thrown as
/// <see cref="DagOperationException"/>.
/// </summary>
public interface IDagOperations
{
    /// <summary>
    /// Creates a manual run of the DAG (even when paused: pausing stops the schedule, not the operator).
    /// <paramref name="logicalDate"/> defaults to now; a second run for the same logical date is a conflict.
    /// </summary>
    Task<DagRunRecord> TriggerAsync(string dagId, IReadOnlyDictionary<string, string>? parameters, DateTimeOffset? logicalDate, CancellationToken cancellationToken);

    /// <summary>Pauses (no new scheduled runs, queued runs wait) or unpauses a DAG.</summary>
    Task SetPausedAsync(string dagId, bool paused, CancellationToken cancellationToken);

    /// <summary>
    /// Clears one finished task so it runs again with a fresh set of retries, together with its downstream tasks
    /// when <paramref name="includeDownstream"/>; the run goes back to running. Returns how many tasks were cleared.
    /// </summary>
    Task<int> ClearTaskAsync(string dagId, string runId, string taskId, bool includeDownstream, CancellationToken cancellationToken);

    /// <summary>
    /// Clears a finished run: only its failed and upstream-failed tasks when <paramref name="onlyFailed"/>, otherwise
    /// every task (the tables load again from scratch). Returns how many tasks were cleared.
    /// </summary>
    Task<int> ClearRunAsync(string dagId, string runId, bool onlyFailed, CancellationToken cancellationToken);
}
