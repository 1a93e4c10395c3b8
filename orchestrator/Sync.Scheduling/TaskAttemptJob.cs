using System.ComponentModel;
using Hangfire;

namespace Sync.Scheduling;

/// <summary>
/// The Hangfire job of one task attempt. Hangfire's own retries are off: a failed attempt is retried by the state
/// machine (up_for_retry with backoff, caps respected), which the metadata store records and the dashboard shows.
/// </summary>
public sealed class TaskAttemptJob(TaskAttemptRunner runner)
{
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    [DisplayName("{0} / {2} (attempt {3})")]
    public Task RunAsync(string dagId, string runId, string taskId, int attempt, CancellationToken cancellationToken) =>
        runner.RunAsync(dagId, runId, taskId, attempt, cancellationToken);
}
