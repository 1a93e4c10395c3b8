namespace Sync.FeatureSync.Running;

/// <summary>How a partition task ended.</summary>
public enum PartitionOutcome
{
    /// <summary>Full mode: everything copied and the table went quiet.</summary>
    Done,

    /// <summary>Cancelled (the worker is stopping); the lease was given back.</summary>
    Stopped,

    /// <summary>Another copy took the lease: this copy stopped writing.</summary>
    Fenced,

    /// <summary>The job's definition does not fit the source (unknown column, bad type): retrying cannot help.</summary>
    Failed,
}
