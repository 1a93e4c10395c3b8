namespace Sync.FeatureSync.Supervision;

/// <summary>The supervisor's durable view of one job partition: which attempt runs, how often it was restarted, how the last one ended.</summary>
public sealed record SupervisionRecord
{
    public required string JobId { get; init; }
    public required int Partition { get; init; }

    /// <summary>Number of the current (or last) attempt; 0 before the first. Part of the attempt key, so a restarted orchestrator adopts it.</summary>
    public int Attempt { get; init; }

    /// <summary>One of <see cref="SupervisionStates"/>.</summary>
    public string State { get; init; } = SupervisionStates.New;

    /// <summary>Attempts started after the first.</summary>
    public int Restarts { get; init; }

    /// <summary>Failed attempts in a row (reset by one that ran healthy long enough); drives the backoff.</summary>
    public int ConsecutiveFailures { get; init; }

    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>When the next attempt starts (state <see cref="SupervisionStates.Waiting"/>).</summary>
    public DateTimeOffset? NextStartAt { get; init; }

    public int? LastExitCode { get; init; }
    public string? LastError { get; init; }
}
