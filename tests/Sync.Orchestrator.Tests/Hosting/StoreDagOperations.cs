using Sync.Dags;
using Sync.Metadata;
using Sync.Scheduling;

namespace Sync.Orchestrator.Tests.Hosting;

/// <summary>
/// Operator actions written straight to the metadata store, standing in for the scheduler's own so the web layer
/// can be driven end to end: a trigger records a queued run with one task per plain task of the DAG.
/// </summary>
internal sealed class StoreDagOperations(IMetadataStore store, IDagRegistry registry) : IDagOperations
{
    public async Task<DagRunRecord> TriggerAsync(string dagId, IReadOnlyDictionary<string, string>? parameters, DateTimeOffset? logicalDate, CancellationToken cancellationToken)
    {
        var dag = registry.Find(dagId) ?? throw new DagOperationException(DagOperationError.NotFound, $"DAG '{dagId}' is not loaded");
        var date = logicalDate ?? DateTimeOffset.UtcNow;
        var run = new DagRunRecord
        {
            DagId = dagId,
            RunId = $"manual__{date.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}",
            LogicalDate = date,
            TriggeredBy = RunTriggers.Manual,
            Params = parameters ?? new Dictionary<string, string>(),
            CreatedAt = DateTimeOffset.UtcNow,
        };
        var tasks = dag.Tasks.Select(t => new TaskInstanceRecord { DagId = dagId, RunId = run.RunId, TaskId = t.Id, Kind = "command", Upstream = t.DependsOn }).ToList();
        if (!await store.TryCreateRunAsync(run, tasks, cancellationToken))
            throw new DagOperationException(DagOperationError.Conflict, $"DAG '{dagId}' already has a run for {date:O}");
        return run;
    }

    public async Task SetPausedAsync(string dagId, bool paused, CancellationToken cancellationToken)
    {
        if (registry.Find(dagId) is null) throw new DagOperationException(DagOperationError.NotFound, $"DAG '{dagId}' is not loaded");
        await store.SetPausedAsync(dagId, paused, cancellationToken);
    }

    public async Task<int> ClearTaskAsync(string dagId, string runId, string taskId, bool includeDownstream, CancellationToken cancellationToken)
    {
        var task = await store.GetTaskAsync(dagId, runId, taskId, cancellationToken)
            ?? throw new DagOperationException(DagOperationError.NotFound, $"task '{taskId}' of run '{runId}' does not exist");
        if (!task.State.IsFinished()) throw new DagOperationException(DagOperationError.Conflict, $"task '{taskId}' is still {task.State}");
        return await store.TryUpdateTaskAsync(task with { State = TaskState.None, Attempt = 0, Error = null }, task.State, task.Attempt, cancellationToken) ? 1 : 0;
    }

    public async Task<int> ClearRunAsync(string dagId, string runId, bool onlyFailed, CancellationToken cancellationToken)
    {
        if (await store.GetRunAsync(dagId, runId, cancellationToken) is null)
            throw new DagOperationException(DagOperationError.NotFound, $"run '{runId}' of DAG '{dagId}' does not exist");
        var cleared = 0;
        foreach (var task in await store.ListTasksAsync(dagId, runId, cancellationToken))
        {
            if (!task.State.IsFinished() || (onlyFailed && !task.State.BlocksDownstream())) continue;
            if (await store.TryUpdateTaskAsync(task with { State = TaskState.None, Attempt = 0, Error = null }, task.State, task.Attempt, cancellationToken)) cleared++;
        }
        return cleared;
    }
}
