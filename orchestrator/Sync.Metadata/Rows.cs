using System.Text.Json;

namespace Sync.Metadata;

/// <summary>Column-shaped rows as Dapper reads them, and their mapping to and from the public records.</summary>
internal static class Rows
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public const string RunColumns =
        "dag_id AS DagId, run_id AS RunId, logical_date AS LogicalDate, state AS State, triggered_by AS TriggeredBy, " +
        "params AS Params, created_at AS CreatedAt, started_at AS StartedAt, ended_at AS EndedAt, error AS Error";

    public const string TaskColumns =
        "dag_id AS DagId, run_id AS RunId, task_id AS TaskId, kind AS Kind, state AS State, attempt AS Attempt, " +
        "max_attempts AS MaxAttempts, queued_at AS QueuedAt, started_at AS StartedAt, ended_at AS EndedAt, " +
        "duration_seconds AS DurationSeconds, rows_loaded AS RowsLoaded, bytes AS Bytes, log_location AS LogLocation, " +
        "error AS Error, executor_id AS ExecutorId, next_retry_at AS NextRetryAt, upstream AS Upstream, spec AS Spec, policy AS Policy";

    public static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    public static long? Ms(DateTimeOffset? t) => t?.ToUnixTimeMilliseconds();

    public static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static DateTimeOffset? Time(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;

    public static object RunParameters(DagRunRecord r) => new
    {
        dag_id = r.DagId,
        run_id = r.RunId,
        logical_date = Ms(r.LogicalDate),
        state = r.State.ToString(),
        triggered_by = r.TriggeredBy,
        @params = JsonSerializer.Serialize(r.Params, Json),
        created_at = Ms(r.CreatedAt),
        started_at = Ms(r.StartedAt),
        ended_at = Ms(r.EndedAt),
        error = r.Error,
    };

    public static object TaskParameters(TaskInstanceRecord t) => new
    {
        dag_id = t.DagId,
        run_id = t.RunId,
        task_id = t.TaskId,
        kind = t.Kind,
        state = t.State.ToString(),
        attempt = (long)t.Attempt,
        max_attempts = (long)t.MaxAttempts,
        queued_at = Ms(t.QueuedAt),
        started_at = Ms(t.StartedAt),
        ended_at = Ms(t.EndedAt),
        duration_seconds = t.DurationSeconds,
        rows_loaded = t.RowsLoaded,
        bytes = t.Bytes,
        log_location = t.LogLocation,
        error = t.Error,
        executor_id = t.ExecutorId,
        next_retry_at = Ms(t.NextRetryAt),
        upstream = JsonSerializer.Serialize(t.Upstream, Json),
        spec = t.SpecJson,
        policy = JsonSerializer.Serialize(t.Policy, Json),
    };

    public sealed class RunRow
    {
        public string DagId { get; set; } = "";
        public string RunId { get; set; } = "";
        public long LogicalDate { get; set; }
        public string State { get; set; } = "";
        public string TriggeredBy { get; set; } = "";
        public string Params { get; set; } = "{}";
        public long CreatedAt { get; set; }
        public long? StartedAt { get; set; }
        public long? EndedAt { get; set; }
        public string? Error { get; set; }

        public DagRunRecord ToRecord() => new()
        {
            DagId = DagId,
            RunId = RunId,
            LogicalDate = Time(LogicalDate),
            State = Enum.Parse<DagRunState>(State),
            TriggeredBy = TriggeredBy,
            Params = JsonSerializer.Deserialize<Dictionary<string, string>>(Params, Json) ?? [],
            CreatedAt = Time(CreatedAt),
            StartedAt = Time(StartedAt),
            EndedAt = Time(EndedAt),
            Error = Error,
        };
    }

    public sealed class TaskRow
    {
        public string DagId { get; set; } = "";
        public string RunId { get; set; } = "";
        public string TaskId { get; set; } = "";
        public string Kind { get; set; } = "";
        public string State { get; set; } = "";
        public long Attempt { get; set; }
        public long MaxAttempts { get; set; }
        public long? QueuedAt { get; set; }
        public long? StartedAt { get; set; }
        public long? EndedAt { get; set; }
        public double? DurationSeconds { get; set; }
        public long? RowsLoaded { get; set; }
        public long? Bytes { get; set; }
        public string? LogLocation { get; set; }
        public string? Error { get; set; }
        public string? ExecutorId { get; set; }
        public long? NextRetryAt { get; set; }
        public string Upstream { get; set; } = "[]";
        public string Spec { get; set; } = "{}";
        public string Policy { get; set; } = "{}";

        public TaskInstanceRecord ToRecord() => new()
        {
            DagId = DagId,
            RunId = RunId,
            TaskId = TaskId,
            Kind = Kind,
            State = Enum.Parse<TaskState>(State),
            Attempt = (int)Attempt,
            MaxAttempts = (int)MaxAttempts,
            QueuedAt = Time(QueuedAt),
            StartedAt = Time(StartedAt),
            EndedAt = Time(EndedAt),
            DurationSeconds = DurationSeconds,
            RowsLoaded = RowsLoaded,
            Bytes = Bytes,
            LogLocation = LogLocation,
            Error = Error,
            ExecutorId = ExecutorId,
            NextRetryAt = Time(NextRetryAt),
            Upstream = JsonSerializer.Deserialize<string[]>(Upstream, Json) ?? [],
            SpecJson = Spec,
            Policy = JsonSerializer.Deserialize<TaskPolicy>(Policy, Json) ?? new TaskPolicy(),
        };
    }

    public sealed class StateCountRow
    {
        public string State { get; set; } = "";
        public long Count { get; set; }
    }
}
