namespace Sync.Metadata;

/// <summary>
/// How a task instance is executed and retried, frozen from the DAG when the task is recorded so that a DAG edited
/// mid-run does not change a run already under way.
/// </summary>
public sealed record TaskPolicy
{
    /// <summary>Retries after the first attempt.</summary>
    public int Retries { get; init; }

    /// <summary>Delay before the first retry.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Double the delay after each failed attempt.</summary>
    public bool ExponentialBackoff { get; init; } = true;

    /// <summary>Upper bound of the grown delay.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Wall-clock limit of one attempt; the executor kills it after this.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Global pool the task takes a slot from.</summary>
    public string Pool { get; init; } = "default";

    /// <summary>Group whose running tasks are capped by <see cref="MaxParallelInGroup"/> (e.g. the batches of one table).</summary>
    public string? ParallelGroup { get; init; }

    /// <summary>Cap on running tasks of <see cref="ParallelGroup"/> within one run (0 = no cap).</summary>
    public int MaxParallelInGroup { get; init; }

    /// <summary>Container image (Kubernetes executor).</summary>
    public string? Image { get; init; }

    public string? CpuRequest { get; init; }
    public string? CpuLimit { get; init; }
    public long? MemoryRequestBytes { get; init; }
    public long? MemoryLimitBytes { get; init; }

    /// <summary>Delay before attempt <paramref name="nextAttempt"/> (2 = first retry).</summary>
    public TimeSpan DelayBefore(int nextAttempt)
    {
        if (nextAttempt <= 1) return TimeSpan.Zero;
        if (!ExponentialBackoff) return RetryDelay;
        var factor = Math.Pow(2, Math.Min(nextAttempt - 2, 30));
        var ticks = RetryDelay.Ticks * factor;
        return ticks >= MaxRetryDelay.Ticks ? MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }
}
