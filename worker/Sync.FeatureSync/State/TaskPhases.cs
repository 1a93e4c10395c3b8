namespace Sync.FeatureSync.State;

/// <summary>The phase a partition task is in (status column "mode") and its run states.</summary>
public static class TaskPhases
{
    public const string Full = "full";
    public const string Incremental = "incremental";
    public const string Done = "done";

    public const string StatePending = "pending";
    public const string StateRunning = "running";
    public const string StateRetrying = "retrying";
    public const string StateDone = "done";
    public const string StateFenced = "fenced";
    public const string StateFailed = "failed";
    public const string StateStopped = "stopped";

    /// <summary>Shown instead of running when the holder's lease expired (the process died or hangs).</summary>
    public const string StateStalled = "stalled";
}
