using Sync.Dags;
using Sync.Metadata;

namespace Sync.Scheduling;

/// <summary>What operators do to DAGs and runs, behind the dashboard, the REST API and the CLI.</summary>
public sealed class DagOperations(IMetadataStore store, IDagRegistry registry, RunCreator runs, SchedulerSignal signal) : IDagOperations
{
    public async Task<DagRunRecord> TriggerAsync(string dagId, IReadOnlyDictionary<string, string>? parameters, DateTimeOffset? logicalDate, CancellationToken cancellationToken)
    {
        var dag = registry.Find(dagId) ?? throw NotFound($"DAG '{dagId}' is not loaded");
        var run = await runs.TryCreateAsync(dag, logicalDate ?? DateTimeOffset.UtcNow, RunTriggers.Manual, parameters, cancellationToken).ConfigureAwait(false)
            ?? throw new DagOperationException(DagOperationError.Conflict, $"DAG '{dagId}' already has a run for {logicalDate:O}");
        return run;
    }

    public async Task SetPausedAsync(string dagId, bool paused, CancellationToken cancellationToken)
    {
        if (registry.Find(dagId) is null) throw NotFound($"DAG '{dagId}' is not loaded");
        await store.SetPausedAsync(dagId, paused, cancellationToken).ConfigureAwait(false);
        signal.Wake();
    }

    public async Task<int> ClearTaskAsync(string dagId, string runId, string taskId, bool includeDownstream, CancellationToken cancellationToken)
    {
        var run = await store.GetRunAsync(dagId, runId, cancellationToken).ConfigureAwait(false)
            ?? throw NotFound($"run '{runId}' of DAG '{dagId}' does not exist");
        var tasks = await store.ListTasksAsync(dagId, runId, cancellationToken).ConfigureAwait(false);
        var task = tasks.FirstOrDefault(t => t.TaskId == taskId) ?? throw NotFound($"task '{taskId}' of run '{runId}' does not exist");
        if (!task.State.IsFinished())
            throw new DagOperationException(DagOperationError.Conflict, $"task '{taskId}' is {task.State}; only finished tasks can be cleared");
        var selected = new List<TaskInstanceRecord> { task };
        if (includeDownstream) selected.AddRange(Downstream(tasks, taskId));
        return await ClearAsync(run, selected.Where(t => t.State.IsFinished()).ToList(), cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> ClearRunAsync(string dagId, string runId, bool onlyFailed, CancellationToken cancellationToken)
    {
        var run = await store.GetRunAsync(dagId, runId, cancellationToken).ConfigureAwait(false)
            ?? throw NotFound($"run '{runId}' of DAG '{dagId}' does not exist");
        var tasks = await store.ListTasksAsync(dagId, runId, cancellationToken).ConfigureAwait(false);
        var selected = tasks.Where(t => t.State.IsFinished() && (!onlyFailed || !t.State.LetsDownstreamRun())).ToList();
        return await ClearAsync(run, selected, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Back to "waiting for upstream" with a fresh set of retries. The attempt number keeps counting (never reset), so
    /// the next attempt gets a new pod name and log file instead of colliding with an earlier one.
    /// </summary>
    private async Task<int> ClearAsync(DagRunRecord run, IReadOnlyList<TaskInstanceRecord> tasks, CancellationToken cancellationToken)
    {
        var cleared = 0;
        foreach (var task in tasks)
        {
            var next = task with
            {
                State = TaskState.None, MaxAttempts = task.Attempt + task.Policy.Retries + 1, QueuedAt = null, StartedAt = null,
                EndedAt = null, DurationSeconds = null, Error = null, NextRetryAt = null,
            };
            if (await store.TryUpdateTaskAsync(next, task.State, task.Attempt, cancellationToken).ConfigureAwait(false)) cleared++;
        }
        if (cleared > 0 && run.State is DagRunState.Success or DagRunState.Failed)
            await store.TryUpdateRunAsync(run with { State = DagRunState.Running, EndedAt = null, Error = null }, run.State, cancellationToken).ConfigureAwait(false);
        signal.Wake();
        return cleared;
    }

    private static IEnumerable<TaskInstanceRecord> Downstream(IReadOnlyList<TaskInstanceRecord> tasks, string taskId)
    {
        var found = new HashSet<string>(StringComparer.Ordinal) { taskId };
        bool grew;
        do
        {
            grew = false;
            foreach (var t in tasks)
                if (!found.Contains(t.TaskId) && t.Upstream.Any(found.Contains)) grew = found.Add(t.TaskId) | grew;
        }
        while (grew);
        return tasks.Where(t => t.TaskId != taskId && found.Contains(t.TaskId));
    }

    private static DagOperationException NotFound(string message) => new(DagOperationError.NotFound, message);
}
