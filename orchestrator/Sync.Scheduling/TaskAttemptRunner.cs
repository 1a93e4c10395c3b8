using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sync.Execution;
using Sync.Metadata;
using Sync.Tasks;

namespace Sync.Scheduling;

/// <summary>
/// Runs one attempt of one task and records how it ended. The attempt is claimed by a compare-and-set from queued to
/// running, so a job delivered twice (a replayed Hangfire job, two replicas) runs it once. A job that finds its
/// attempt already running was re-enqueued after an orchestrator restart: the executor adopts the live attempt
/// instead of starting a second copy.
/// </summary>
public sealed class TaskAttemptRunner(
    IMetadataStore store,
    ITaskExecutor executor,
    TablePlanStep planStep,
    SchedulerSignal signal,
    IOptions<SchedulerOptions> options,
    TimeProvider time,
    ILogger<TaskAttemptRunner> logger)
{
    private readonly SchedulerOptions _options = options.Value;

    public async Task RunAsync(string dagId, string runId, string taskId, int attempt, CancellationToken cancellationToken)
    {
        var task = await store.GetTaskAsync(dagId, runId, taskId, cancellationToken).ConfigureAwait(false);
        if (task is null)
        {
            logger.LogWarning("{Dag}/{Run}/{Task}: no such task any more; job dropped", dagId, runId, taskId);
            return;
        }

        TaskInstanceRecord running;
        if (task.State == TaskState.Queued && task.Attempt == attempt - 1)
        {
            var now = time.GetUtcNow();
            running = task with
            {
                State = TaskState.Running, Attempt = attempt, StartedAt = now, EndedAt = null, DurationSeconds = null,
                Error = null, NextRetryAt = null, ExecutorId = executor.Name, RowsLoaded = null,
            };
            if (!await store.TryUpdateTaskAsync(running, TaskState.Queued, attempt - 1, cancellationToken).ConfigureAwait(false))
            {
                logger.LogInformation("{Dag}/{Run}/{Task}: attempt {Attempt} was claimed elsewhere", dagId, runId, taskId, attempt);
                return;
            }
        }
        else if (task.State == TaskState.Running && task.Attempt == attempt)
        {
            running = task;
            logger.LogInformation("{Dag}/{Run}/{Task}: adopting attempt {Attempt}, already running", dagId, runId, taskId, attempt);
        }
        else
        {
            // Cleared, finished or moved to a later attempt meanwhile: this job is stale.
            return;
        }

        var outcome = await ExecuteAsync(running, cancellationToken).ConfigureAwait(false);
        await RecordAsync(running, outcome, cancellationToken).ConfigureAwait(false);
        signal.Wake();
    }

    private async Task<TaskOutcome> ExecuteAsync(TaskInstanceRecord task, CancellationToken cancellationToken)
    {
        // The executor enforces the task's timeout; this bound only stops a wedged executor from holding the job forever.
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(task.Policy.Timeout + _options.TimeoutGrace);
        try
        {
            if (task.Kind == OrchestratorTaskKinds.Plan) return await planStep.RunAsync(task, bound.Token).ConfigureAwait(false);
            var run = await store.GetRunAsync(task.DagId, task.RunId, bound.Token).ConfigureAwait(false);
            return await executor.RunAsync(LaunchFor(task, run), bound.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The orchestrator is stopping: the attempt stays running and is adopted after the restart.
            throw;
        }
        catch (OperationCanceledException)
        {
            return new TaskOutcome { ExitCode = ExitCodes.Retryable, TimedOut = true, Error = $"no outcome from the {executor.Name} executor within {task.Policy.Timeout + _options.TimeoutGrace}" };
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "{Dag}/{Run}/{Task}: attempt {Attempt} failed in the executor", task.DagId, task.RunId, task.TaskId, task.Attempt);
            return new TaskOutcome { ExitCode = ExitCodes.Retryable, Error = $"{executor.Name} executor: {ex.GetType().Name}: {ex.Message}" };
        }
    }

    /// <summary>The attempt as the executor launches it: the frozen spec with its attempt number and the run's parameters.</summary>
    public static TaskLaunch LaunchFor(TaskInstanceRecord task, DagRunRecord? run)
    {
        ArgumentNullException.ThrowIfNull(task);
        var spec = TaskJson.Deserialize<TaskSpec>(task.SpecJson) with
        {
            Attempt = task.Attempt,
            Params = run is { Params.Count: > 0 } ? run.Params : null,
        };
        var policy = task.Policy;
        return new TaskLaunch
        {
            Spec = spec,
            Image = policy.Image,
            Timeout = policy.Timeout,
            Resources = new ResourceSpec
            {
                CpuRequest = policy.CpuRequest,
                CpuLimit = policy.CpuLimit,
                MemoryRequestBytes = policy.MemoryRequestBytes,
                MemoryLimitBytes = policy.MemoryLimitBytes,
            },
        };
    }

    private async Task RecordAsync(TaskInstanceRecord running, TaskOutcome outcome, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var started = running.StartedAt ?? now;
        var finished = running with
        {
            EndedAt = now,
            DurationSeconds = Math.Max(0, (now - started).TotalSeconds),
            RowsLoaded = outcome.Result?.Rows ?? running.RowsLoaded,
            Bytes = outcome.Result is { Bytes: > 0 } r ? r.Bytes : running.Bytes,
            LogLocation = outcome.LogLocation ?? running.LogLocation,
        };

        TaskInstanceRecord next;
        if (outcome.Succeeded)
        {
            next = finished with { State = TaskState.Success, Error = null };
        }
        else
        {
            var error = Describe(outcome);
            var permanent = outcome.ExitCode == ExitCodes.Permanent && !outcome.OomKilled && !outcome.TimedOut;
            var policy = running.Policy;
            if (outcome.OomKilled && outcome.Resources is { } ran && (ran.MemoryRequestBytes ?? ran.MemoryLimitBytes) is not null)
            {
                var grown = MemoryGrowth.AfterOom(ran, _options.OomMemoryFactor, _options.MaxMemoryBytes);
                if (grown == ran) permanent = true; // at the ceiling: another attempt would die the same way
                policy = policy with { MemoryRequestBytes = grown.MemoryRequestBytes, MemoryLimitBytes = grown.MemoryLimitBytes };
            }
            if (!permanent && running.Attempt < running.MaxAttempts)
            {
                var delay = policy.DelayBefore(running.Attempt + 1);
                next = finished with { State = TaskState.UpForRetry, Error = error, Policy = policy, NextRetryAt = now + delay };
            }
            else
            {
                next = finished with { State = TaskState.Failed, Error = error, Policy = policy };
            }
        }

        // The task may have been recorded already by a second job adopting the same attempt; then this write loses.
        if (!await store.TryUpdateTaskAsync(next, TaskState.Running, running.Attempt, CancellationToken.None).ConfigureAwait(false))
            logger.LogInformation("{Dag}/{Run}/{Task}: attempt {Attempt} was already recorded", running.DagId, running.RunId, running.TaskId, running.Attempt);
        else
            logger.LogInformation("{Dag}/{Run}/{Task}: attempt {Attempt} {State}{Error}", running.DagId, running.RunId, running.TaskId, running.Attempt,
                next.State, next.Error is null ? "" : ": " + next.Error);
        _ = cancellationToken;
    }

    private static string Describe(TaskOutcome outcome)
    {
        var detail = outcome.Error ?? outcome.Result?.Error;
        var what = outcome.OomKilled ? "killed for exceeding its memory limit"
            : outcome.TimedOut ? "timed out"
            : $"exited with {outcome.ExitCode}";
        return detail is null ? what : $"{what}: {detail}";
    }
}
