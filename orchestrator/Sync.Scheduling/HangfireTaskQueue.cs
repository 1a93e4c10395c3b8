using Hangfire;

namespace Sync.Scheduling;

/// <summary>One Hangfire job per task attempt, so the dashboard's Jobs pages show every attempt with its state.</summary>
public sealed class HangfireTaskQueue(IBackgroundJobClient jobs) : ITaskQueue
{
    public void Enqueue(string dagId, string runId, string taskId, int attempt) =>
        jobs.Enqueue<TaskAttemptJob>(job => job.RunAsync(dagId, runId, taskId, attempt, CancellationToken.None));
}
