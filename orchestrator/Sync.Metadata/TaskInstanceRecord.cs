namespace Sync.Metadata;

/// <summary>One task of one DAG run, with the facts of its latest attempt.</summary>
public sealed record TaskInstanceRecord
{
    public required string DagId { get; init; }
    public required string RunId { get; init; }

    /// <summary>Unique within the run: <c>orders.start</c>, <c>orders.batch_3</c>, <c>orders.finish</c>, or a plain task's id.</summary>
    public required string TaskId { get; init; }

    /// <summary>A Sync.Tasks.TaskKinds value, or <see cref="OrchestratorTaskKinds.Plan"/> for the planning step.</summary>
    public required string Kind { get; init; }

    public TaskState State { get; init; } = TaskState.None;

    /// <summary>Number of the latest attempt (0 before the first one starts).</summary>
    public int Attempt { get; init; }

    public int MaxAttempts { get; init; } = 1;

    public DateTimeOffset? QueuedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public double? DurationSeconds { get; init; }
    public long? RowsLoaded { get; init; }
    public long? Bytes { get; init; }

    /// <summary>Where the latest attempt's log is (file path or URI).</summary>
    public string? LogLocation { get; init; }

    public string? Error { get; init; }

    /// <summary>Who runs the latest attempt: pod name or process id.</summary>
    public string? ExecutorId { get; init; }

    /// <summary>When the next attempt may start (state <see cref="TaskState.UpForRetry"/>).</summary>
    public DateTimeOffset? NextRetryAt { get; init; }

    /// <summary>Task ids (same run) that must succeed first.</summary>
    public IReadOnlyList<string> Upstream { get; init; } = [];

    /// <summary>The task's Sync.Tasks.TaskSpec as JSON, with the attempt left to the executor.</summary>
    public string SpecJson { get; init; } = "{}";

    public TaskPolicy Policy { get; init; } = new();
}
