namespace Sync.FeatureSync.Running;

/// <summary>How a worker runs feature-sync tasks (not part of a job's definition: the same job runs under different settings).</summary>
public sealed record FeatureSyncRunOptions
{
    public static readonly TimeSpan DefaultLeaseTtl = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultRetryMinBackoff = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultRetryMaxBackoff = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Who holds leases. A restarted worker with the same id takes its partitions back at once (its token moves on,
    /// fencing any older copy); a worker with another id waits for the holder's lease to expire. Defaults to the host name
    /// (the pod name under Kubernetes).
    /// </summary>
    public string WorkerId { get; init; } = Environment.MachineName;

    /// <summary>How long a lease lasts without renewal.</summary>
    public TimeSpan LeaseTtl { get; init; } = DefaultLeaseTtl;

    /// <summary>Wait between reads once caught up.</summary>
    public TimeSpan PollInterval { get; init; } = DefaultPollInterval;

    /// <summary>First wait after a failure; doubles each time up to <see cref="RetryMaxBackoff"/>.</summary>
    public TimeSpan RetryMinBackoff { get; init; } = DefaultRetryMinBackoff;

    public TimeSpan RetryMaxBackoff { get; init; } = DefaultRetryMaxBackoff;

    /// <summary>Where files are assembled before publication (transient: cleared when a task starts).</summary>
    public string SpoolDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "sync-feature-spool");

    /// <summary>Only these partitions (e.g. one per pod); all when null.</summary>
    public IReadOnlyList<int>? Partitions { get; init; }

    /// <summary>Locate the next primary-key range page while catching up (on by default; off only to measure what it brings).</summary>
    internal bool ReadAhead { get; init; } = true;

    /// <summary>Called after each file is published and its checkpoint saved (for metrics and benchmarks).</summary>
    public Action<PublishedFile>? FilePublished { get; init; }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(WorkerId)) throw new ArgumentOutOfRangeException(nameof(WorkerId), "worker id must not be empty");
        if (LeaseTtl < TimeSpan.FromMilliseconds(500)) throw new ArgumentOutOfRangeException(nameof(LeaseTtl), LeaseTtl, "lease must last at least 500ms");
        if (PollInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(PollInterval), PollInterval, "poll interval must be positive");
        if (RetryMinBackoff <= TimeSpan.Zero || RetryMaxBackoff < RetryMinBackoff)
            throw new ArgumentOutOfRangeException(nameof(RetryMaxBackoff), RetryMaxBackoff, "backoff must be positive, max at least min");
        if (string.IsNullOrWhiteSpace(SpoolDirectory)) throw new ArgumentOutOfRangeException(nameof(SpoolDirectory), "spool directory must be set");
    }
}
