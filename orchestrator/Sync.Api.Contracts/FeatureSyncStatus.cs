namespace Sync.Api.Contracts;

/// <summary>
/// <c>GET /api/v1/feature-sync</c>: every feature-sync job as <c>worker feature-sync status</c> shows it, with the
/// supervisor's view of each partition's worker, and one summary line saying whether every task is running.
/// </summary>
public sealed record FeatureSyncStatus
{
    /// <summary>True when this orchestrator supervises the jobs' workers (it restarts them); false when it only shows them.</summary>
    public bool Supervised { get; init; }

    /// <summary>True when every task of every job is running, or finished (a full copy that is done).</summary>
    public bool AllRunning { get; init; }

    /// <summary>One line: "all N tasks running" or which tasks are not and why.</summary>
    public required string Summary { get; init; }

    public IReadOnlyList<FeatureSyncJobStatus> Jobs { get; init; } = [];
}
