namespace Sync.FeatureSync.Supervision;

/// <summary>Where the supervisor is with one job partition.</summary>
public static class SupervisionStates
{
    /// <summary>Known, never started.</summary>
    public const string New = "new";

    /// <summary>An attempt was started and has not been seen to end (after a restart it is adopted, not started again).</summary>
    public const string Running = "running";

    /// <summary>The last attempt failed or was killed; the next one starts at the recorded time.</summary>
    public const string Waiting = "waiting";

    /// <summary>The last attempt exited 0: the partition's full copy is done (or the job was deleted). Not restarted.</summary>
    public const string Done = "done";
}
