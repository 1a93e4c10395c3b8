namespace Sync.Tasks;

/// <summary>
/// Worker settings of a <see cref="FeatureSyncSpec"/>, the options of <c>feature-sync run</c>; null takes the
/// worker's default.
/// </summary>
public sealed record FeatureSyncRunSettings
{
    /// <summary>
    /// Lease owner id. A supervisor passes one per job partition so that a restarted attempt takes its lease back at
    /// once (its token grows, fencing any copy still alive) instead of waiting for the old lease to expire.
    /// </summary>
    public string? WorkerId { get; init; }

    public TimeSpan? LeaseTtl { get; init; }

    /// <summary>Wait between reads once caught up.</summary>
    public TimeSpan? PollInterval { get; init; }

    /// <summary>First in-process backoff after a failure.</summary>
    public TimeSpan? RetryMinBackoff { get; init; }

    public TimeSpan? RetryMaxBackoff { get; init; }

    /// <summary>Where files are assembled before publication.</summary>
    public string? SpoolDirectory { get; init; }
}
