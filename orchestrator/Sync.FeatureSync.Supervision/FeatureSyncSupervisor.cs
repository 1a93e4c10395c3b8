using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using Sync.Execution;
using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.State;

namespace Sync.FeatureSync.Supervision;

/// <summary>
/// Supervises the feature-sync jobs of the state database: every <see cref="FeatureSyncSupervisorOptions.PollInterval"/>
/// it reads the jobs, runs a <see cref="PartitionSupervisor"/> for each partition of each job (one worker process or
/// pod per partition, through the configured <see cref="ITaskExecutor"/>), stops those of deleted jobs, and drops the
/// supervision records of jobs that are gone. On stop, pods are left running for the next orchestrator to adopt;
/// local worker processes (<c>stopWorkersWithHost</c>) are stopped with it.
/// </summary>
public sealed partial class FeatureSyncSupervisor : BackgroundService
{
    private readonly FeatureSyncStateStore _state;
    private readonly SupervisionStore _store;
    private readonly ITaskExecutor _executor;
    private readonly FeatureSyncSupervisorOptions _options;
    private readonly RestartPolicy _policy;
    private readonly TimeProvider _time;
    private readonly ILogger<FeatureSyncSupervisor> _logger;
    private readonly Dictionary<(string Job, int Partition), Supervised> _partitions = [];
    private readonly bool _stopWorkersWithHost;

    public FeatureSyncSupervisor(
        FeatureSyncStateStore state,
        SupervisionStore store,
        ITaskExecutor executor,
        FeatureSyncSupervisorOptions options,
        TimeProvider time,
        ILogger<FeatureSyncSupervisor> logger,
        bool stopWorkersWithHost)
    {
        _state = state ?? throw new ArgumentNullException(nameof(state));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _executor = executor ?? throw new ArgumentNullException(nameof(executor));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _policy = new RestartPolicy(options);
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _stopWorkersWithHost = stopWorkersWithHost;
    }

    /// <summary>
    /// Attempt keys of the partitions of existing jobs whose attempt is recorded as running: the pods the next
    /// supervisor pass adopts, which orphan cleanup must leave alone.
    /// </summary>
    public async Task<IReadOnlyList<string>> RunningAttemptKeysAsync(CancellationToken ct)
    {
        await EnsureSchemaAsync(ct).ConfigureAwait(false);
        var (readable, unreadable) = await _state.ReadJobsAsync(ct).ConfigureAwait(false);
        var jobs = readable.Select(j => j.JobId).Concat(unreadable.Select(u => u.JobId)).ToHashSet(StringComparer.Ordinal);
        var records = await _store.ListAsync(null, ct).ConfigureAwait(false);
        return records.Where(r => r.State == SupervisionStates.Running && jobs.Contains(r.JobId))
            .Select(r => FeatureSyncAttempts.AttemptKey(r.JobId, r.Partition, r.Attempt)).ToList();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(_options.StateConnection, _options.StateDatabase, _executor.Name);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await ReconcileAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is MySqlException or IOException or TimeoutException or FeatureSyncConfigurationException)
                {
                    LogPassFailed(_options.PollInterval, ex);
                }
                await Task.Delay(_options.PollInterval, _time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the partition loops end with the host token and leave their attempts running for adoption.
        }
        finally
        {
            // The loops end with the host token; waiting for them lets local workers be killed before the host exits.
            foreach (var (key, supervised) in _partitions)
            {
                await AwaitEndAsync(key, supervised).ConfigureAwait(false);
                supervised.Dispose();
            }
        }
    }

    /// <summary>One pass: start loops for new job partitions, stop those of deleted jobs, restart a loop that crashed.</summary>
    internal async Task ReconcileAsync(CancellationToken stoppingToken)
    {
        await EnsureSchemaAsync(stoppingToken).ConfigureAwait(false);
        var (jobs, unreadable) = await _state.ReadJobsAsync(stoppingToken).ConfigureAwait(false);
        // A job whose definition cannot be read still exists: its partitions are left as they are (a worker reading
        // it stops with exit 2 and waits the longest backoff), and every other job is supervised as usual.
        var untouched = unreadable.Select(u => u.JobId).ToHashSet(StringComparer.Ordinal);
        foreach (var bad in unreadable) LogJobUnreadable(bad.JobId, bad.Error.Message);
        var wanted = new HashSet<(string, int)>();
        foreach (var job in jobs)
        {
            for (int p = 0; p < job.Partitions; p++)
            {
                wanted.Add((job.JobId, p));
                if (_partitions.TryGetValue((job.JobId, p), out var existing))
                {
                    if (!existing.Loop.IsFaulted) continue;
                    LogLoopCrashed(job.JobId, p, existing.Loop.Exception!.GetBaseException());
                    existing.Dispose();
                }
                _partitions[(job.JobId, p)] = Start(job, p, stoppingToken);
            }
        }
        foreach (var key in _partitions.Keys.Where(k => !wanted.Contains(k) && !untouched.Contains(k.Job)).ToList())
        {
            var gone = _partitions[key];
            LogJobDeleted(key.Job, key.Partition);
            await gone.JobGone.CancelAsync().ConfigureAwait(false);
            // The executor stops the worker before the loop ends.
            await AwaitEndAsync(key, gone).ConfigureAwait(false);
            gone.Dispose();
            _partitions.Remove(key);
        }
        var removed = await _store.RemoveJobsOtherThanAsync(jobs.Select(j => j.JobId).Concat(untouched).ToList(), stoppingToken).ConfigureAwait(false);
        if (removed > 0) LogRecordsRemoved(removed);
    }

    /// <summary>Waits for a partition loop to end; a loop that crashed is logged (it has no worker left to stop).</summary>
    private async Task AwaitEndAsync((string Job, int Partition) key, Supervised supervised)
    {
        try
        {
            await supervised.Loop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogLoopEndedWithError(key.Job, key.Partition, ex);
        }
    }

    private Supervised Start(FeatureSyncJob job, int partition, CancellationToken stoppingToken)
    {
        var jobGone = new CancellationTokenSource();
        var supervisor = new PartitionSupervisor(job, partition, _store, _executor, _policy, _options, _time, _logger, _stopWorkersWithHost);
        var loop = Task.Run(() => supervisor.RunAsync(jobGone.Token, stoppingToken), CancellationToken.None);
        return new Supervised(loop, jobGone);
    }

    private bool _schemaReady;

    private async Task EnsureSchemaAsync(CancellationToken ct)
    {
        if (_schemaReady) return;
        await _state.EnsureSchemaAsync(ct).ConfigureAwait(false);
        await _store.EnsureSchemaAsync(ct).ConfigureAwait(false);
        _schemaReady = true;
    }

    private sealed record Supervised(Task Loop, CancellationTokenSource JobGone) : IDisposable
    {
        public void Dispose() => JobGone.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "feature-sync supervisor started: jobs of {Database} on connection {Connection}, attempts through the {Executor} executor")]
    private partial void LogStarted(string? connection, string database, string executor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "feature-sync supervisor: reading the jobs failed; next pass in {Wait}")]
    private partial void LogPassFailed(TimeSpan wait, Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "feature sync {JobId}: its definition cannot be read ({Error}); its workers are left as they are, the other jobs supervised")]
    private partial void LogJobUnreadable(string jobId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "feature sync {JobId} p{Partition}: the job is gone; stopping its worker")]
    private partial void LogJobDeleted(string jobId, int partition);

    [LoggerMessage(Level = LogLevel.Error, Message = "feature sync {JobId} p{Partition}: its supervision loop crashed; starting it again")]
    private partial void LogLoopCrashed(string jobId, int partition, Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "feature sync {JobId} p{Partition}: its supervision loop ended with an error")]
    private partial void LogLoopEndedWithError(string jobId, int partition, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "feature-sync supervisor: removed {Count} supervision records of deleted jobs")]
    private partial void LogRecordsRemoved(int count);
}
