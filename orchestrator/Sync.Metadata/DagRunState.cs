namespace Sync.Metadata;

/// <summary>Where a DAG run is in its life.</summary>
public enum DagRunState
{
    /// <summary>Created (by a tick, a catch-up or a trigger), waiting for a free run slot of its DAG.</summary>
    Queued,

    /// <summary>Its tasks are being scheduled and executed.</summary>
    Running,

    /// <summary>Every task succeeded (or was skipped).</summary>
    Success,

    /// <summary>At least one task failed for good.</summary>
    Failed,
}
