using Prometheus;
using Sync.Metadata;
using Sync.Orchestrator.Api;

namespace Sync.Orchestrator.Observability;

/// <summary>
/// Prometheus metrics read from the metadata store when scraped, so the core needs no hooks: runs and task
/// instances by state (gauges), and for every attempt that finished since the orchestrator started its duration
/// (histogram) and the rows it loaded (counter); with feature sync configured, its tasks too (<see cref="FeatureSyncMetrics"/>).
/// Each host has its own registry.
/// </summary>
public sealed class SyncMetrics
{
    /// <summary>How many of the newest runs a scrape looks through for newly finished tasks.</summary>
    public const int RunsInspectedPerScrape = 200;

    /// <summary>How long finished attempts are remembered so a later scrape does not count them twice.</summary>
    public static readonly TimeSpan Memory = TimeSpan.FromMinutes(10);

    private readonly IMetadataStore _store;
    private readonly TimeProvider _time;
    private readonly Gauge _runs;
    private readonly Gauge _tasks;
    private readonly Histogram _durations;
    private readonly Counter _rows;
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private readonly Dictionary<string, DateTimeOffset> _observed = new(StringComparer.Ordinal);
    private DateTimeOffset _watermark;

    private readonly FeatureSyncMetrics? _featureSync;

    public SyncMetrics(IMetadataStore store, TimeProvider time, FeatureSyncOverview? featureSync = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _watermark = time.GetUtcNow();
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        _runs = factory.CreateGauge("sync_dag_runs", "DAG runs in the metadata store, by state.", "state");
        _tasks = factory.CreateGauge("sync_task_instances", "Task instances in the metadata store, by state.", "state");
        _durations = factory.CreateHistogram("sync_task_duration_seconds", "Wall-clock duration of finished task attempts.",
            new HistogramConfiguration { LabelNames = ["dag", "state"], Buckets = Histogram.ExponentialBuckets(0.5, 2, 16) });
        _rows = factory.CreateCounter("sync_rows_loaded_total", "Rows loaded by task attempts that finished since the orchestrator started.", "dag");
        if (featureSync is not null) _featureSync = new FeatureSyncMetrics(factory, featureSync);
        Registry.AddBeforeCollectCallback(RefreshAsync);
    }

    public CollectorRegistry Registry { get; }

    /// <summary>Reads the store and brings every metric up to date; scrapes call it before they collect.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var runs = await _store.CountRunsByStateAsync(null, cancellationToken).ConfigureAwait(false);
            foreach (var state in Enum.GetValues<DagRunState>())
                _runs.WithLabels(StateNames.Of(state)).Set(runs.TryGetValue(state, out var count) ? count : 0);

            var tasks = await _store.CountTasksByStateAsync(null, null, cancellationToken).ConfigureAwait(false);
            foreach (var state in Enum.GetValues<TaskState>())
                _tasks.WithLabels(StateNames.Of(state)).Set(tasks.TryGetValue(state, out var count) ? count : 0);

            await ObserveFinishedAttemptsAsync(cancellationToken).ConfigureAwait(false);
            if (_featureSync is not null) await _featureSync.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    private async Task ObserveFinishedAttemptsAsync(CancellationToken cancellationToken)
    {
        var recent = await _store.ListRunsAsync(new RunQuery { Limit = RunsInspectedPerScrape }, cancellationToken).ConfigureAwait(false);
        foreach (var run in recent)
        {
            if (run.EndedAt is { } runEnded && runEnded < _watermark) continue;
            var tasks = await _store.ListTasksAsync(run.DagId, run.RunId, cancellationToken).ConfigureAwait(false);
            foreach (var task in tasks)
            {
                if (task.State is not (TaskState.Success or TaskState.Failed or TaskState.UpForRetry)) continue;
                if (task.EndedAt is not { } ended || ended < _watermark) continue;
                var key = $"{task.DagId}\n{task.RunId}\n{task.TaskId}\n{task.Attempt}";
                if (!_observed.TryAdd(key, ended)) continue;
                if (ApiMapper.DurationOf(task, ended) is { } seconds) _durations.WithLabels(task.DagId, StateNames.Of(task.State)).Observe(seconds);
                if (task.RowsLoaded is > 0 and { } rows) _rows.WithLabels(task.DagId).Inc(rows);
            }
        }

        // Forget attempts older than the memory window; the watermark keeps them from being counted again.
        var horizon = _time.GetUtcNow() - Memory;
        if (horizon > _watermark)
        {
            _watermark = horizon;
            foreach (var stale in _observed.Where(entry => entry.Value < horizon).Select(entry => entry.Key).ToList())
                _observed.Remove(stale);
        }
    }
}
