namespace Sync.Api.Contracts;

/// <summary>The supervisor's view of one partition's worker: the attempt, how often it was restarted, how the last one ended.</summary>
public sealed record FeatureSyncAttemptStatus
{
    /// <summary>Number of the current (or last) attempt.</summary>
    public int Attempt { get; init; }

    /// <summary>new, running, waiting (to be restarted at <see cref="NextRestartAt"/>) or done (not restarted).</summary>
    public required string State { get; init; }

    public int Restarts { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public DateTimeOffset? NextRestartAt { get; init; }

    public int? LastExitCode { get; init; }

    public string? LastExitError { get; init; }
}
