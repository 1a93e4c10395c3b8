namespace Sync.Api.Contracts;

/// <summary>One task of one run, with its latest attempt.</summary>
public sealed record TaskInstanceSummary
{
    public required string DagId { get; init; }

    public required string RunId { get; init; }

    public required string TaskId { get; init; }

    /// <summary>Task state by name: none, scheduled, queued, running, success, failed, up_for_retry, upstream_failed, skipped.</summary>
    public required string State { get; init; }

    /// <summary>Attempts made so far (1 for the first).</summary>
    public int Attempt { get; init; }

    public int MaxAttempts { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Wall-clock seconds of the latest attempt, when it started.</summary>
    public double? DurationSeconds { get; init; }

    /// <summary>Rows the latest attempt loaded, when the worker reported them.</summary>
    public long? Rows { get; init; }

    /// <summary>Where the latest attempt's log is: a local path or an object-store URI.</summary>
    public string? LogLocation { get; init; }

    public string? Error { get; init; }
}
