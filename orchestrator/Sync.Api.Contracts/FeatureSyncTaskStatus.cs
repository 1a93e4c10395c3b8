namespace Sync.Api.Contracts;

/// <summary>One partition task of a feature-sync job: the columns of <c>feature-sync status</c> plus the supervisor's view.</summary>
public sealed record FeatureSyncTaskStatus
{
    public int Partition { get; init; }

    /// <summary>The task's phase: full, incremental or done.</summary>
    public required string Mode { get; init; }

    /// <summary>running, retrying, stalled (its worker stopped renewing the lease), done, failed, fenced, stopped, pending.</summary>
    public required string State { get; init; }

    /// <summary>The checkpoint, <c>TS/KEY</c> of the last row offline; null before the first file.</summary>
    public string? Position { get; init; }

    public long Rows { get; init; }

    public long Files { get; init; }

    /// <summary>Age in seconds of the oldest online row not yet offline, as last reported.</summary>
    public double? LagSeconds { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>The worker holding the task's lease.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>The supervisor's record of the partition's worker; null when no supervisor has started one.</summary>
    public FeatureSyncAttemptStatus? Supervisor { get; init; }
}
