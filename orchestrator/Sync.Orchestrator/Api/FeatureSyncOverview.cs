using Sync.Api.Contracts;
using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.State;
using Sync.FeatureSync.Supervision;

namespace Sync.Orchestrator.Api;

/// <summary>
/// What the dashboard's Feature sync page and <c>/api/v1/feature-sync</c> show: the jobs and task rows of the
/// feature-sync state database (as <c>worker feature-sync status</c> reads them, with its summary lines) joined
/// with the supervisor's records. Available when <c>Sync:FeatureSync:StateConnection</c> is set.
/// </summary>
public sealed class FeatureSyncOverview(FeatureSyncStateStore? state = null, SupervisionStore? supervision = null)
{
    public const string NotConfigured = "feature sync is not configured on this orchestrator: set Sync:FeatureSync:StateConnection";

    public bool Enabled => state is not null;

    /// <summary>Every job; null when feature sync is not configured.</summary>
    public async Task<FeatureSyncStatus?> ListAsync(CancellationToken ct)
    {
        if (state is null) return null;
        var jobs = await state.ListJobsAsync(ct).ConfigureAwait(false);
        var tasks = await state.GetStatusAsync(null, ct).ConfigureAwait(false);
        var records = await ListRecordsAsync(null, ct).ConfigureAwait(false);
        var statuses = jobs.Select(j => ToJob(j, tasks, records)).ToList();
        return new FeatureSyncStatus
        {
            Supervised = supervision is not null,
            AllRunning = statuses.All(j => j.AllRunning || j.Done),
            Summary = Summary(statuses),
            Jobs = statuses,
        };
    }

    /// <summary>One job, or null when it does not exist (or feature sync is not configured).</summary>
    public async Task<FeatureSyncJobStatus?> GetAsync(string jobId, CancellationToken ct)
    {
        if (state is null) return null;
        if (await state.GetJobAsync(jobId, ct).ConfigureAwait(false) is not { } job) return null;
        var tasks = await state.GetStatusAsync(jobId, ct).ConfigureAwait(false);
        var records = await ListRecordsAsync(jobId, ct).ConfigureAwait(false);
        return ToJob(job, tasks, records);
    }

    private async Task<IReadOnlyList<SupervisionRecord>> ListRecordsAsync(string? jobId, CancellationToken ct) =>
        supervision is null ? [] : await supervision.ListAsync(jobId, ct).ConfigureAwait(false);

    private static FeatureSyncJobStatus ToJob(FeatureSyncJob job, IReadOnlyList<PartitionTaskStatus> allTasks, IReadOnlyList<SupervisionRecord> records)
    {
        var tasks = allTasks.Where(t => t.JobId == job.JobId).ToList();
        return new FeatureSyncJobStatus
        {
            JobId = job.JobId,
            Mode = JobText.ModeName(job.Mode),
            Table = job.Table,
            Destinations = job.Destinations,
            Partitions = job.Partitions,
            AllRunning = tasks.Count > 0 && tasks.All(t => t.State == TaskPhases.StateRunning),
            Done = tasks.Count > 0 && tasks.All(t => t.State == TaskPhases.StateDone),
            Summary = FeatureSyncStatusReport.Summary(job, tasks),
            Tasks = tasks.Select(t => ToTask(t, records.FirstOrDefault(r => r.JobId == t.JobId && r.Partition == t.Partition))).ToList(),
        };
    }

    private static FeatureSyncTaskStatus ToTask(PartitionTaskStatus task, SupervisionRecord? record) => new()
    {
        Partition = task.Partition,
        Mode = task.Phase,
        State = task.State,
        Position = task.Position?.ToString(),
        Rows = task.RowsSynced,
        Files = task.FilesPublished,
        LagSeconds = task.Lag?.TotalSeconds,
        UpdatedAt = new DateTimeOffset(task.UpdatedAtUtc, TimeSpan.Zero),
        LastError = task.LastError,
        LastErrorAt = task.LastErrorAtUtc is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null,
        LeaseOwner = task.LeaseOwner,
        Supervisor = record is null ? null : new FeatureSyncAttemptStatus
        {
            Attempt = record.Attempt,
            State = record.State,
            Restarts = record.Restarts,
            StartedAt = record.StartedAt,
            EndedAt = record.EndedAt,
            NextRestartAt = record.NextStartAt,
            LastExitCode = record.LastExitCode,
            LastExitError = record.LastError,
        },
    };

    /// <summary>"all N tasks of J jobs running", or how many are and which are not (with the restart time when one is due).</summary>
    private static string Summary(IReadOnlyList<FeatureSyncJobStatus> jobs)
    {
        if (jobs.Count == 0) return "no feature-sync jobs";
        var tasks = jobs.SelectMany(j => j.Tasks.Select(t => (j.JobId, Task: t))).ToList();
        int running = tasks.Count(t => t.Task.State == TaskPhases.StateRunning);
        int done = tasks.Count(t => t.Task.State == TaskPhases.StateDone);
        if (running + done == tasks.Count)
            return $"all {running} tasks of {jobs.Count} job(s) running" + (done > 0 ? $", {done} done" : "");
        var others = tasks.Where(t => t.Task.State is not (TaskPhases.StateRunning or TaskPhases.StateDone)).Select(t =>
            $"{t.JobId} p{t.Task.Partition} {t.Task.State}"
            + (t.Task.Supervisor is { State: SupervisionStates.Waiting, NextRestartAt: { } next } ? $" (restart at {next.UtcDateTime:HH:mm:ss}Z)" : ""));
        return $"NOT all running: {running} of {tasks.Count} tasks running; {string.Join("; ", others)}";
    }
}
