using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sync.Dags;
using Sync.Metadata;

namespace Sync.Scheduling;

/// <summary>
/// One pass over the runs that are not finished: starts queued runs within their DAG's max_active_runs, moves tasks
/// whose upstream succeeded into the job queue within the pool, DAG and per-table caps, retries failed attempts when
/// their backoff is over, marks tasks below a failure upstream_failed, and closes runs whose tasks are all finished.
/// Every move is a compare-and-set in the metadata store, so several replicas (or a pass racing a job) never move
/// the same task twice.
/// </summary>
public sealed class RunStateMachine(
    IMetadataStore store,
    IDagRegistry registry,
    ITaskQueue queue,
    IOptions<SchedulerOptions> options,
    TimeProvider time,
    ILogger<RunStateMachine> logger)
{
    private const int RunsPerPass = 1000;
    private static readonly TaskState[] SlotStates = [TaskState.Queued, TaskState.Running];
    private readonly SchedulerOptions _options = options.Value;

    /// <summary>Queued tasks older than this get their job enqueued again (a lost job must not leave a task queued forever).</summary>
    public TimeSpan RequeueAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Runs one pass; returns whether it changed anything (then another pass may find more to do).</summary>
    public async Task<bool> AdvanceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var changed = await StartQueuedRunsAsync(now, cancellationToken).ConfigureAwait(false);

        var holding = await store.ListTasksInStatesAsync(SlotStates, cancellationToken).ConfigureAwait(false);
        var slots = new SlotCounter(_options, holding);
        foreach (var stuck in holding.Where(t => t.State == TaskState.Queued && t.QueuedAt is { } q && now - q > RequeueAfter))
            changed |= await RequeueAsync(stuck, now, cancellationToken).ConfigureAwait(false);

        var running = await store.ListRunsAsync(new RunQuery { State = DagRunState.Running, Limit = RunsPerPass }, cancellationToken).ConfigureAwait(false);
        foreach (var run in running.OrderBy(r => r.LogicalDate))
            changed |= await AdvanceRunAsync(run, slots, now, cancellationToken).ConfigureAwait(false);
        return changed;
    }

    private async Task<bool> StartQueuedRunsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var queued = await store.ListRunsAsync(new RunQuery { State = DagRunState.Queued, Limit = RunsPerPass }, cancellationToken).ConfigureAwait(false);
        if (queued.Count == 0) return false;
        var paused = await store.ListPausedDagsAsync(cancellationToken).ConfigureAwait(false);
        var running = await store.ListRunsAsync(new RunQuery { State = DagRunState.Running, Limit = RunsPerPass }, cancellationToken).ConfigureAwait(false);
        var active = running.GroupBy(r => r.DagId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var changed = false;
        foreach (var run in queued.OrderBy(r => r.LogicalDate))
        {
            if (paused.Contains(run.DagId)) continue;
            var max = registry.Find(run.DagId)?.MaxActiveRuns ?? DagDefinition.DefaultMaxActiveRuns;
            var count = active.GetValueOrDefault(run.DagId);
            if (count >= max) continue;
            if (await store.TryUpdateRunAsync(run with { State = DagRunState.Running, StartedAt = now }, DagRunState.Queued, cancellationToken).ConfigureAwait(false))
            {
                active[run.DagId] = count + 1;
                changed = true;
                logger.LogInformation("{Dag}/{Run}: running", run.DagId, run.RunId);
            }
        }
        return changed;
    }

    private async Task<bool> AdvanceRunAsync(DagRunRecord run, SlotCounter slots, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tasks = await store.ListTasksAsync(run.DagId, run.RunId, cancellationToken).ConfigureAwait(false);
        var byId = tasks.ToDictionary(t => t.TaskId, StringComparer.Ordinal);
        var changed = false;

        // Settle what upstream failures decide first, so a whole failed branch is marked in one pass.
        bool marked;
        do
        {
            marked = false;
            foreach (var task in tasks.Where(t => t.State == TaskState.None).ToList())
            {
                if (!task.Upstream.Any(u => byId.TryGetValue(u, out var up) && up.State.BlocksDownstream())) continue;
                var next = task with { State = TaskState.UpstreamFailed, EndedAt = now, Error = "an upstream task failed" };
                if (await store.TryUpdateTaskAsync(next, task.State, task.Attempt, cancellationToken).ConfigureAwait(false))
                {
                    byId[task.TaskId] = next;
                    tasks = tasks.Select(t => t.TaskId == task.TaskId ? next : t).ToList();
                    marked = changed = true;
                }
            }
        }
        while (marked);

        var ready = tasks
            .Where(t => t.State switch
            {
                TaskState.None => t.Upstream.All(u => byId.TryGetValue(u, out var up) && up.State.LetsDownstreamRun()),
                TaskState.Scheduled => true,
                TaskState.UpForRetry => t.NextRetryAt is not { } at || at <= now,
                _ => false,
            })
            .OrderBy(t => t.Attempt > 0 ? 0 : 1) // retries first: they already hold a place in line
            .ThenBy(t => t.TaskId, TaskIdComparer.Instance)
            .ToList();

        foreach (var task in ready)
        {
            if (slots.TryTake(task))
            {
                var next = task with { State = TaskState.Queued, QueuedAt = now, NextRetryAt = null };
                if (await store.TryUpdateTaskAsync(next, task.State, task.Attempt, cancellationToken).ConfigureAwait(false))
                {
                    queue.Enqueue(task.DagId, task.RunId, task.TaskId, task.Attempt + 1);
                    byId[task.TaskId] = next;
                    changed = true;
                }
                else
                {
                    slots.Release(task);
                }
            }
            else if (task.State != TaskState.Scheduled)
            {
                // No free slot: shown as scheduled (ready, waiting for a slot) until one frees up.
                var next = task with { State = TaskState.Scheduled, NextRetryAt = task.NextRetryAt };
                if (await store.TryUpdateTaskAsync(next, task.State, task.Attempt, cancellationToken).ConfigureAwait(false))
                {
                    byId[task.TaskId] = next;
                    changed = true;
                }
            }
        }

        changed |= await CloseRunIfFinishedAsync(run, byId.Values, now, cancellationToken).ConfigureAwait(false);
        return changed;
    }

    private async Task<bool> CloseRunIfFinishedAsync(DagRunRecord run, IEnumerable<TaskInstanceRecord> tasks, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var list = tasks.ToList();
        if (!list.All(t => t.State.IsFinished())) return false;
        var failed = list.Where(t => !t.State.LetsDownstreamRun()).Select(t => t.TaskId).ToList();
        var next = run with
        {
            State = failed.Count == 0 ? DagRunState.Success : DagRunState.Failed,
            EndedAt = now,
            Error = failed.Count == 0 ? null : $"{failed.Count} task(s) did not succeed: {string.Join(", ", failed.Take(10))}{(failed.Count > 10 ? ", …" : "")}",
        };
        if (!await store.TryUpdateRunAsync(next, DagRunState.Running, cancellationToken).ConfigureAwait(false)) return false;
        logger.LogInformation("{Dag}/{Run}: {State}", run.DagId, run.RunId, next.State);
        return true;
    }

    private async Task<bool> RequeueAsync(TaskInstanceRecord task, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await store.TryUpdateTaskAsync(task with { QueuedAt = now }, TaskState.Queued, task.Attempt, cancellationToken).ConfigureAwait(false)) return false;
        logger.LogWarning("{Dag}/{Run}/{Task}: queued since {QueuedAt} without starting; enqueuing its job again", task.DagId, task.RunId, task.TaskId, task.QueuedAt);
        queue.Enqueue(task.DagId, task.RunId, task.TaskId, task.Attempt + 1);
        return true;
    }
}
