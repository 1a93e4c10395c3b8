namespace Sync.Metadata;

/// <summary>
/// The orchestrator's source of truth: DAG flags, runs and task instances. Every state change is a compare-and-set on
/// the expected state (and attempt), so two replicas or a replayed job can never move the same thing twice, and run
/// creation is unique per (DAG, logical date) by a database constraint.
/// </summary>
public interface IMetadataStore
{
    /// <summary>"sqlite" or "postgres".</summary>
    string Provider { get; }

    /// <summary>Creates the schema when missing. Safe to call from several replicas at once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    // ---- DAG flags -------------------------------------------------------------------------------------------

    /// <summary>
    /// Records a DAG the first time any replica sees it, paused when its file says <c>paused_on_creation</c>.
    /// Returns true only for that first time; a DAG already known keeps its flag, so an operator's unpause stands.
    /// </summary>
    Task<bool> RegisterDagAsync(string dagId, bool pausedOnCreation, CancellationToken cancellationToken);

    Task<bool> IsPausedAsync(string dagId, CancellationToken cancellationToken);

    Task SetPausedAsync(string dagId, bool paused, CancellationToken cancellationToken);

    /// <summary>Ids of the DAGs that are paused.</summary>
    Task<IReadOnlySet<string>> ListPausedDagsAsync(CancellationToken cancellationToken);

    // ---- runs ------------------------------------------------------------------------------------------------

    /// <summary>
    /// Records a run and its initial tasks in one transaction. Returns false, recording nothing, when the DAG
    /// already has a run for that logical date (or that run id).
    /// </summary>
    Task<bool> TryCreateRunAsync(DagRunRecord run, IReadOnlyList<TaskInstanceRecord> tasks, CancellationToken cancellationToken);

    Task<DagRunRecord?> GetRunAsync(string dagId, string runId, CancellationToken cancellationToken);

    Task<DagRunRecord?> GetRunByLogicalDateAsync(string dagId, DateTimeOffset logicalDate, CancellationToken cancellationToken);

    /// <summary>The run with the latest logical date of the DAG, whatever its trigger.</summary>
    Task<DagRunRecord?> GetLatestRunAsync(string dagId, CancellationToken cancellationToken);

    /// <summary>
    /// The run with the latest logical date that the schedule made (a tick or a catch-up), ignoring manual runs:
    /// where catch-up resumes, as in Airflow, so a manual run today does not swallow the ticks missed before it.
    /// </summary>
    Task<DagRunRecord?> GetLatestScheduledRunAsync(string dagId, CancellationToken cancellationToken);

    /// <summary>Runs matching the query, newest logical date first.</summary>
    Task<IReadOnlyList<DagRunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken);

    /// <summary>Number of runs per state, of one DAG or of all (states without runs are absent).</summary>
    Task<IReadOnlyDictionary<DagRunState, int>> CountRunsByStateAsync(string? dagId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the run's mutable fields (state, started, ended, error) with those of <paramref name="next"/> only if
    /// its stored state is still <paramref name="expected"/>. Returns whether it did.
    /// </summary>
    Task<bool> TryUpdateRunAsync(DagRunRecord next, DagRunState expected, CancellationToken cancellationToken);

    // ---- task instances ----------------------------------------------------------------------------------------

    /// <summary>The run's task instances, ordered by task id.</summary>
    Task<IReadOnlyList<TaskInstanceRecord>> ListTasksAsync(string dagId, string runId, CancellationToken cancellationToken);

    Task<TaskInstanceRecord?> GetTaskAsync(string dagId, string runId, string taskId, CancellationToken cancellationToken);

    /// <summary>Task instances (of any run) in one of the states, e.g. to re-adopt running ones after a restart.</summary>
    Task<IReadOnlyList<TaskInstanceRecord>> ListTasksInStatesAsync(IReadOnlyCollection<TaskState> states, CancellationToken cancellationToken);

    /// <summary>Number of task instances per state, of one DAG (and run) or of all.</summary>
    Task<IReadOnlyDictionary<TaskState, int>> CountTasksByStateAsync(string? dagId, string? runId, CancellationToken cancellationToken);

    /// <summary>Adds task instances to an existing run; ones whose id the run already has are left as they are.</summary>
    Task<int> AddTasksAsync(IReadOnlyList<TaskInstanceRecord> tasks, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces every mutable field of the task with those of <paramref name="next"/> only if its stored state and
    /// attempt are still <paramref name="expectedState"/> and <paramref name="expectedAttempt"/>. Returns whether it did.
    /// </summary>
    Task<bool> TryUpdateTaskAsync(TaskInstanceRecord next, TaskState expectedState, int expectedAttempt, CancellationToken cancellationToken);
}
