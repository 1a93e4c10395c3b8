namespace Sync.Metadata;

/// <summary>Where a task instance is in its life. The metadata store is the truth; transitions are compare-and-set.</summary>
public enum TaskState
{
    /// <summary>Waiting for its upstream tasks.</summary>
    None,

    /// <summary>Upstream done; waiting for a free slot (DAG, table or pool cap).</summary>
    Scheduled,

    /// <summary>Handed to the job queue; an executor will pick it up.</summary>
    Queued,

    /// <summary>An attempt is executing.</summary>
    Running,

    Success,

    /// <summary>Failed for good: out of attempts or a permanent error.</summary>
    Failed,

    /// <summary>The last attempt failed; another starts at <see cref="TaskInstanceRecord.NextRetryAt"/>.</summary>
    UpForRetry,

    /// <summary>Will not run because an upstream task failed.</summary>
    UpstreamFailed,

    Skipped,
}
