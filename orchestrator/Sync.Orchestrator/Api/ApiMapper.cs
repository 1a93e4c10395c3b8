using Sync.Api.Contracts;
using Sync.Dags;
using Sync.Metadata;

namespace Sync.Orchestrator.Api;

/// <summary>Turns the core's records into the API's response types.</summary>
public static class ApiMapper
{
    public static DagSummary ToSummary(DagDefinition dag, bool paused, DagRunRecord? lastRun, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(dag);
        return new DagSummary
        {
            DagId = dag.Id,
            Description = dag.Description,
            Schedule = dag.Schedule?.Cron,
            TimeZone = dag.Schedule?.TimeZone.Id,
            IsPaused = paused,
            Tasks = [.. dag.Tables.Select(t => t.Id), .. dag.Tasks.Select(t => t.Id)],
            LastRun = lastRun is null ? null : ToSummary(lastRun),
            NextRunAt = paused ? null : dag.Schedule?.NextAfter(now),
            File = dag.FilePath,
        };
    }

    public static DagRunSummary ToSummary(DagRunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new DagRunSummary
        {
            DagId = run.DagId,
            RunId = run.RunId,
            State = StateNames.Of(run.State),
            LogicalDate = run.LogicalDate,
            RunType = run.TriggeredBy,
            StartedAt = run.StartedAt,
            EndedAt = run.EndedAt,
            Params = run.Params,
        };
    }

    public static TaskInstanceSummary ToSummary(TaskInstanceRecord task, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new TaskInstanceSummary
        {
            DagId = task.DagId,
            RunId = task.RunId,
            TaskId = task.TaskId,
            State = StateNames.Of(task.State),
            Attempt = task.Attempt,
            MaxAttempts = task.MaxAttempts,
            StartedAt = task.StartedAt,
            EndedAt = task.EndedAt,
            DurationSeconds = DurationOf(task, now),
            Rows = task.RowsLoaded,
            LogLocation = task.LogLocation,
            Error = task.Error,
        };
    }

    /// <summary>The recorded duration; for an attempt still running, the time since it started.</summary>
    public static double? DurationOf(TaskInstanceRecord task, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.DurationSeconds is { } recorded) return recorded;
        if (task.StartedAt is not { } started) return null;
        var end = task.EndedAt ?? now;
        return Math.Max(0, (end - started).TotalSeconds);
    }

    public static ImportErrorInfo ToInfo(DagImportError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new ImportErrorInfo
        {
            File = error.FilePath,
            Line = error.Line > 0 ? error.Line : null,
            Column = error.Column > 0 ? error.Column : null,
            Message = error.Message,
        };
    }
}
