namespace Sync.Api.Contracts;

/// <summary>One feature-sync job: its definition in brief, its partition tasks, and the summary line of <c>feature-sync status</c>.</summary>
public sealed record FeatureSyncJobStatus
{
    public required string JobId { get; init; }

    /// <summary>full, incremental or full-and-incremental.</summary>
    public required string Mode { get; init; }

    /// <summary>The online table, <c>database.table</c>.</summary>
    public required string Table { get; init; }

    public IReadOnlyList<string> Destinations { get; init; } = [];

    public int Partitions { get; init; }

    /// <summary>Every task is running.</summary>
    public bool AllRunning { get; init; }

    /// <summary>Every task finished its full copy.</summary>
    public bool Done { get; init; }

    /// <summary>The line <c>feature-sync status</c> prints for the job.</summary>
    public required string Summary { get; init; }

    public IReadOnlyList<FeatureSyncTaskStatus> Tasks { get; init; } = [];
}
