namespace Sync.FeatureSync.Supervision;

/// <summary>
/// The <c>Sync:FeatureSync</c> settings. The supervisor runs only when <see cref="StateConnection"/> names a
/// connection (resolved like every connection, from <c>SYNC_CONNECTION_&lt;NAME&gt;</c>).
/// </summary>
public sealed class FeatureSyncSupervisorOptions
{
    public const string SectionName = "Sync:FeatureSync";

    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultMinRestartBackoff = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultMaxRestartBackoff = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DefaultHealthyAfter = TimeSpan.FromMinutes(10);

    /// <summary>Connection name of the server holding the state database; the supervisor is off while unset.</summary>
    public string? StateConnection { get; set; }

    /// <summary>The state database (the workers' <c>--state-database</c>).</summary>
    public string StateDatabase { get; set; } = State.FeatureSyncStateStore.DefaultDatabase;

    /// <summary>How often jobs are read: a new job starts, a deleted one stops, within this.</summary>
    public TimeSpan PollInterval { get; set; } = DefaultPollInterval;

    /// <summary>Wait before the first restart after a failure; doubles with each failure in a row.</summary>
    public TimeSpan MinRestartBackoff { get; set; } = DefaultMinRestartBackoff;

    /// <summary>Longest wait before a restart (also the wait after an exit that says retrying cannot help).</summary>
    public TimeSpan MaxRestartBackoff { get; set; } = DefaultMaxRestartBackoff;

    /// <summary>An attempt that ran at least this long before it failed counts as healthy: the backoff starts over.</summary>
    public TimeSpan HealthyAfter { get; set; } = DefaultHealthyAfter;

    /// <summary>Worker image for the Kubernetes executor (its own <c>Image</c> setting when unset).</summary>
    public string? Image { get; set; }

    /// <summary>The workers' lease lifetime (the worker's default when unset).</summary>
    public TimeSpan? LeaseTtl { get; set; }

    /// <summary>The workers' wait between reads once caught up (the worker's default when unset).</summary>
    public TimeSpan? WorkerPollInterval { get; set; }

    /// <summary>Where workers assemble files (the worker's temp folder when unset).</summary>
    public string? SpoolDirectory { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(StateConnection);

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(StateDatabase)) throw new ArgumentOutOfRangeException(nameof(StateDatabase), $"{SectionName}:StateDatabase must not be empty");
        if (PollInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(PollInterval), PollInterval, $"{SectionName}:PollInterval must be positive");
        if (MinRestartBackoff <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MinRestartBackoff), MinRestartBackoff, $"{SectionName}:MinRestartBackoff must be positive");
        if (MaxRestartBackoff < MinRestartBackoff)
            throw new ArgumentOutOfRangeException(nameof(MaxRestartBackoff), MaxRestartBackoff, $"{SectionName}:MaxRestartBackoff must be at least MinRestartBackoff ({MinRestartBackoff})");
        if (HealthyAfter <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(HealthyAfter), HealthyAfter, $"{SectionName}:HealthyAfter must be positive");
        if (LeaseTtl is { } ttl && ttl < TimeSpan.FromMilliseconds(500)) throw new ArgumentOutOfRangeException(nameof(LeaseTtl), ttl, $"{SectionName}:LeaseTtl must be at least 500ms");
        if (WorkerPollInterval is { } poll && poll <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(WorkerPollInterval), poll, $"{SectionName}:WorkerPollInterval must be positive");
    }
}
