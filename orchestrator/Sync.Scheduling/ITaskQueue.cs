namespace Sync.Scheduling;

/// <summary>Hands a queued task attempt to the job system (Hangfire) that runs <see cref="TaskAttemptRunner"/>.</summary>
public interface ITaskQueue
{
    /// <summary>Enqueues attempt <paramref name="attempt"/> of the task; the job is a no-op if the task moved on meanwhile.</summary>
    void Enqueue(string dagId, string runId, string taskId, int attempt);
}
