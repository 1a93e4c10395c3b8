using Sync.FeatureSync.Jobs;

namespace Sync.FeatureSync.State;

/// <summary>One partition task as <c>feature-sync status</c> shows it.</summary>
public sealed record PartitionTaskStatus
{
    public required string JobId { get; init; }
    public required int Partition { get; init; }

    /// <summary>full, incremental or done.</summary>
    public required string Phase { get; init; }

    /// <summary>running, retrying, done, fenced, failed, stopped, pending, or stalled (running but its lease expired).</summary>
    public required string State { get; init; }

    /// <summary>Last position published (the checkpoint), null before the first file.</summary>
    public SyncPosition? Position { get; init; }

    public long RowsSynced { get; init; }
    public long FilesPublished { get; init; }

    /// <summary>Age of the oldest source row not yet offline, as last reported; zero when caught up.</summary>
    public TimeSpan? Lag { get; init; }

    public DateTime UpdatedAtUtc { get; init; }
    public string? LeaseOwner { get; init; }
    public long LeaseToken { get; init; }
    public string? LastError { get; init; }
    public DateTime? LastErrorAtUtc { get; init; }

    /// <summary>A file recorded as being published when the status was read.</summary>
    public string? PendingFile { get; init; }
}
