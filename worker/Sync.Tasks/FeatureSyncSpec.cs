namespace Sync.Tasks;

/// <summary>
/// What a <see cref="TaskKinds.FeatureSync"/> attempt runs: the partition tasks of one feature-sync job, as
/// <c>worker feature-sync run</c> does. The job's definition lives in the state database; the spec only names it.
/// Unset options take the worker's defaults.
/// </summary>
public sealed record FeatureSyncSpec
{
    /// <summary>The connection name the state database is read from when the spec names none.</summary>
    public const string DefaultStateConnection = "sync-state";

    /// <summary>Job id in the state database.</summary>
    public required string Job { get; init; }

    /// <summary>Run only this partition (one pod per partition); every partition of the job when null.</summary>
    public int? Partition { get; init; }

    /// <summary>Connection name of the MySQL/MariaDB server holding the state database.</summary>
    public string StateConnection { get; init; } = DefaultStateConnection;

    /// <summary>State database name; the worker's default (<c>sync_state</c>) when null.</summary>
    public string? StateDatabase { get; init; }

    /// <summary>
    /// The job's online-store connection name. The worker reads it from the job itself; it is named here so an
    /// executor can hand the attempt that connection's Secret.
    /// </summary>
    public string? SourceConnection { get; init; }

    /// <summary>How the worker runs the job (lease, polling, in-process retries, spool folder).</summary>
    public FeatureSyncRunSettings Options { get; init; } = new();
}
