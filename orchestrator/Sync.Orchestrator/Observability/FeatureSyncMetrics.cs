using System.Globalization;
using MySqlConnector;
using Prometheus;
using Sync.Api.Contracts;
using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.State;
using Sync.Orchestrator.Api;

namespace Sync.Orchestrator.Observability;

/// <summary>
/// Feature-sync gauges, read from the state database (through <see cref="FeatureSyncOverview"/>) when scraped, when
/// feature sync is configured: partition tasks by state, and per task the rows it has copied, its lag and how often
/// its worker was restarted. A task of a deleted job drops out of the gauges.
/// </summary>
internal sealed class FeatureSyncMetrics
{
    /// <summary>States always reported, at 0 when no task is in them (others appear when a task is).</summary>
    private static readonly string[] States =
    [
        TaskPhases.StateRunning, TaskPhases.StateRetrying, TaskPhases.StateStalled, TaskPhases.StateDone, TaskPhases.StateFailed, TaskPhases.StateStopped,
    ];

    private readonly FeatureSyncOverview _overview;
    private readonly Gauge _readable;
    private readonly Gauge _tasks;
    private readonly Gauge _rows;
    private readonly Gauge _lag;
    private readonly Gauge _restarts;
    private HashSet<(string Job, string Partition)> _labelled = [];

    public FeatureSyncMetrics(MetricFactory factory, FeatureSyncOverview overview)
    {
        _overview = overview;
        _readable = factory.CreateGauge("sync_feature_sync_state_readable", "1 when the last scrape read the feature-sync state database, 0 when it could not.");
        _tasks = factory.CreateGauge("sync_feature_sync_tasks", "Feature-sync partition tasks, by state.", "state");
        _rows = factory.CreateGauge("sync_feature_sync_rows_synced", "Rows a feature-sync partition task has published offline.", "job", "partition");
        _lag = factory.CreateGauge("sync_feature_sync_lag_seconds", "Age of the oldest online row a feature-sync partition task has not yet published.", "job", "partition");
        _restarts = factory.CreateGauge("sync_feature_sync_restarts", "Times the supervisor restarted a feature-sync partition's worker.", "job", "partition");
    }

    public async Task RefreshAsync(CancellationToken ct)
    {
        if (!_overview.Enabled) return;
        FeatureSyncStatus status;
        try
        {
            status = (await _overview.ListAsync(ct).ConfigureAwait(false))!;
        }
        catch (Exception ex) when (ex is MySqlException or IOException or TimeoutException or FeatureSyncConfigurationException)
        {
            // The other metrics still answer; the gauges below keep their last values and this one says they are stale.
            _readable.Set(0);
            return;
        }
        _readable.Set(1);
        var tasks = status.Jobs.SelectMany(j => j.Tasks.Select(t => (j.JobId, Task: t))).ToList();
        foreach (var state in States.Union(tasks.Select(t => t.Task.State), StringComparer.Ordinal))
            _tasks.WithLabels(state).Set(tasks.Count(t => t.Task.State == state));

        var labelled = new HashSet<(string Job, string Partition)>();
        foreach (var (job, task) in tasks)
        {
            string partition = task.Partition.ToString(CultureInfo.InvariantCulture);
            labelled.Add((job, partition));
            _rows.WithLabels(job, partition).Set(task.Rows);
            _lag.WithLabels(job, partition).Set(task.LagSeconds ?? 0);
            _restarts.WithLabels(job, partition).Set(task.Supervisor?.Restarts ?? 0);
        }
        foreach (var (job, partition) in _labelled.Where(l => !labelled.Contains(l)))
        {
            _rows.RemoveLabelled(job, partition);
            _lag.RemoveLabelled(job, partition);
            _restarts.RemoveLabelled(job, partition);
        }
        _labelled = labelled;
    }
}
