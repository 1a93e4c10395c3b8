namespace Sync.FeatureSync.Jobs;

/// <summary>How far back a feature-sync job reads and whether it keeps following the table.</summary>
public enum SyncMode
{
    /// <summary>Copy every row present, then stop once caught up and no new row arrived for the quiet period.</summary>
    Full,

    /// <summary>Follow the table continuously, copying only rows whose timestamp is at or after the start time.</summary>
    Incremental,

    /// <summary>Copy every row present, then keep following the table.</summary>
    FullAndIncremental,
}
