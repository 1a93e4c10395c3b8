using Microsoft.Extensions.Logging;
using MySqlConnector;
using Sync.Execution;
using Sync.FeatureSync.Jobs;
using Sync.Tasks;

namespace Sync.FeatureSync.Supervision;

/// <summary>
/// Keeps one attempt of one job partition running through the executor: adopts the attempt the store names as
/// running (after an orchestrator restart), otherwise waits for the restart time and starts the next attempt, then
/// records how it ended and what the <see cref="RestartPolicy"/> makes of it. Ends when the partition is done, when
/// its job is deleted (the executor then stops the worker: kills the process or deletes the pod), or when the host
/// stops: a pod is left running, to be adopted by the next orchestrator; a local worker process, a child of this
/// one, is stopped with it (<paramref name="stopWorkerWithHost"/>) and started again by the next orchestrator.
/// </summary>
/// <remarks>
/// Two copies of one partition's worker can still meet: a pod on a node cut off from the API server, a worker the
/// local executor could not kill, two replicas racing. They never write at once: every worker takes the partition's
/// lease in the state database, each takeover bumps the lease's fencing token, and every write of the task's state
/// (checkpoint, pending file) carries <c>lease_token = @token</c>, so the older copy's next write changes nothing and
/// stops it. The attempts of one partition share one lease owner id, so a restarted attempt takes the lease back at
/// once; the copy it replaced is fenced from then on.
/// </remarks>
internal sealed partial class PartitionSupervisor(
    FeatureSyncJob job,
    int partition,
    SupervisionStore store,
    ITaskExecutor executor,
    RestartPolicy policy,
    FeatureSyncSupervisorOptions options,
    TimeProvider time,
    ILogger logger,
    bool stopWorkerWithHost)
{
    public async Task RunAsync(CancellationToken jobGone, CancellationToken hostStopping)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(jobGone, hostStopping);
        while (!either.IsCancellationRequested)
        {
            try
            {
                if (!await RunOneAttemptAsync(jobGone, hostStopping, either.Token).ConfigureAwait(false)) return;
            }
            catch (OperationCanceledException) when (either.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is MySqlException or IOException or TimeoutException)
            {
                LogStoreFailed(job.JobId, partition, options.PollInterval, ex);
                if (!await DelayAsync(options.PollInterval, either.Token).ConfigureAwait(false)) return;
            }
        }
    }

    /// <summary>Adopts or starts one attempt and records its end; false when there is nothing more to run.</summary>
    private async Task<bool> RunOneAttemptAsync(CancellationToken jobGone, CancellationToken hostStopping, CancellationToken either)
    {
        var record = await store.GetOrCreateAsync(job.JobId, partition, either).ConfigureAwait(false);
        if (record.State == SupervisionStates.Done) return false;
        if (record.State == SupervisionStates.Running)
        {
            LogAdopting(job.JobId, partition, record.Attempt);
        }
        else
        {
            if (record.NextStartAt is { } at && at > time.GetUtcNow())
            {
                if (!await DelayAsync(at - time.GetUtcNow(), either).ConfigureAwait(false)) return false;
            }
            var started = await store.TryStartNextAsync(record, time.GetUtcNow(), either).ConfigureAwait(false);
            if (started is null) return true; // another supervisor started it: read again and adopt
            record = started;
            LogStarting(job.JobId, partition, record.Attempt, record.Restarts);
        }

        var launch = FeatureSyncAttempts.Launch(job, partition, record.Attempt, options);
        TaskOutcome outcome;
        try
        {
            // The job's deletion cancels the executor, which then stops the worker. A stopping host does too when the
            // worker is a child process; otherwise the wait is abandoned and the pod left for the next orchestrator.
            outcome = stopWorkerWithHost
                ? await executor.RunAsync(launch, either).ConfigureAwait(false)
                : await executor.RunAsync(launch, jobGone).WaitAsync(hostStopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (jobGone.IsCancellationRequested || hostStopping.IsCancellationRequested)
        {
            if (jobGone.IsCancellationRequested) LogStoppedDeleted(job.JobId, partition, record.Attempt);
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogExecutorFailed(job.JobId, partition, record.Attempt, executor.Name, ex);
            outcome = new TaskOutcome { ExitCode = ExitCodes.Retryable, Error = $"{executor.Name} executor: {ex.GetType().Name}: {ex.Message}" };
        }

        var ended = policy.AfterExit(record, outcome, time.GetUtcNow());
        if (!await store.TryRecordExitAsync(ended, CancellationToken.None).ConfigureAwait(false))
        {
            LogAlreadyRecorded(job.JobId, partition, record.Attempt);
            return true;
        }
        if (ended.State == SupervisionStates.Done) LogDone(job.JobId, partition, record.Attempt, outcome.Result?.Details?.GetValueOrDefault("outcome"));
        else LogRestartScheduled(job.JobId, partition, record.Attempt, outcome.ExitCode, ended.NextStartAt, ended.LastError);
        return ended.State != SupervisionStates.Done;
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, time, ct).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "feature sync {JobId} p{Partition}: adopting attempt {Attempt}, left running by an earlier orchestrator or replica")]
    private partial void LogAdopting(string jobId, int partition, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "feature sync {JobId} p{Partition}: starting attempt {Attempt} ({Restarts} restarts so far)")]
    private partial void LogStarting(string jobId, int partition, int attempt, int restarts);

    [LoggerMessage(Level = LogLevel.Information, Message = "feature sync {JobId} p{Partition}: the job was deleted; attempt {Attempt} stopped and not restarted")]
    private partial void LogStoppedDeleted(string jobId, int partition, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "feature sync {JobId} p{Partition}: attempt {Attempt} finished ({Outcome}); not restarted")]
    private partial void LogDone(string jobId, int partition, int attempt, string? outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "feature sync {JobId} p{Partition}: attempt {Attempt} exited {ExitCode}; restart at {NextStartAt}: {Error}")]
    private partial void LogRestartScheduled(string jobId, int partition, int attempt, int exitCode, DateTimeOffset? nextStartAt, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "feature sync {JobId} p{Partition}: the end of attempt {Attempt} was already recorded by another supervisor")]
    private partial void LogAlreadyRecorded(string jobId, int partition, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "feature sync {JobId} p{Partition}: attempt {Attempt} failed in the {Executor} executor")]
    private partial void LogExecutorFailed(string jobId, int partition, int attempt, string executor, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "feature sync {JobId} p{Partition}: state database unreachable; trying again in {Wait}")]
    private partial void LogStoreFailed(string jobId, int partition, TimeSpan wait, Exception ex);
}
