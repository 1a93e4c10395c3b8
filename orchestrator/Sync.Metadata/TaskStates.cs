namespace Sync.Metadata;

/// <summary>Groups of task states the scheduler and the dashboard ask about.</summary>
public static class TaskStates
{
    /// <summary>States after which nothing more happens to a task unless it is cleared.</summary>
    public static bool IsFinished(this TaskState state) =>
        state is TaskState.Success or TaskState.Failed or TaskState.UpstreamFailed or TaskState.Skipped;

    /// <summary>States that count against concurrency caps: the task holds a slot.</summary>
    public static bool HoldsSlot(this TaskState state) => state is TaskState.Queued or TaskState.Running;

    /// <summary>States that let downstream tasks run.</summary>
    public static bool LetsDownstreamRun(this TaskState state) => state is TaskState.Success or TaskState.Skipped;

    /// <summary>States that stop downstream tasks for good.</summary>
    public static bool BlocksDownstream(this TaskState state) => state is TaskState.Failed or TaskState.UpstreamFailed;
}
