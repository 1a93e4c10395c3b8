using Sync.Execution;
using Sync.Metadata;
using Sync.Tasks;

namespace Sync.FeatureSync.Supervision;

/// <summary>
/// When a job partition's next attempt starts after one ended: never after exit 0 (done or deleted); otherwise after
/// an exponential backoff (<see cref="FeatureSyncSupervisorOptions.MinRestartBackoff"/> doubled per failure in a row,
/// capped at <see cref="FeatureSyncSupervisorOptions.MaxRestartBackoff"/>) that starts over once an attempt ran
/// healthy for <see cref="FeatureSyncSupervisorOptions.HealthyAfter"/>. An exit that says retrying cannot help (2:
/// bad configuration, a missing Secret) waits the cap and is tried again, so a fix is picked up without a restart.
/// </summary>
public sealed class RestartPolicy
{
    private readonly FeatureSyncSupervisorOptions _options;

    // the same doubling a DAG task's retries wait: the first retry waits the minimum
    private readonly TaskPolicy _backoff;

    public RestartPolicy(FeatureSyncSupervisorOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _backoff = new TaskPolicy { RetryDelay = _options.MinRestartBackoff, MaxRetryDelay = _options.MaxRestartBackoff, ExponentialBackoff = true };
    }

    /// <summary>The wait before the next attempt after <paramref name="failuresInARow"/> failures (at least 1).</summary>
    public TimeSpan BackoffAfter(int failuresInARow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failuresInARow, 1);
        return _backoff.DelayBefore(failuresInARow + 1);
    }

    /// <summary>The record after the running attempt ended with <paramref name="outcome"/> at <paramref name="now"/>.</summary>
    public SupervisionRecord AfterExit(SupervisionRecord running, TaskOutcome outcome, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(outcome);
        var ended = running with
        {
            EndedAt = now,
            LastExitCode = outcome.ExitCode,
            LastError = outcome.Succeeded ? null : Describe(outcome),
        };
        if (outcome.Succeeded) return ended with { State = SupervisionStates.Done, ConsecutiveFailures = 0, NextStartAt = null };

        bool healthy = running.StartedAt is { } started && now - started >= _options.HealthyAfter;
        int failures = healthy ? 1 : running.ConsecutiveFailures + 1;
        var wait = outcome.ExitCode == ExitCodes.Permanent ? _options.MaxRestartBackoff : BackoffAfter(failures);
        return ended with { State = SupervisionStates.Waiting, ConsecutiveFailures = failures, NextStartAt = now + wait };
    }

    private static string Describe(TaskOutcome outcome)
    {
        var text = outcome.Error ?? outcome.Result?.Error ?? $"worker exited with {outcome.ExitCode}";
        if (outcome.OomKilled && !text.Contains("OOMKilled", StringComparison.Ordinal)) text = "OOMKilled: " + text;
        return text.Length > 4000 ? text[..4000] : text;
    }
}
