namespace Sync.Api.Contracts;

/// <summary>What a clear did: how many task instances went back to be scheduled again.</summary>
public sealed record ClearResult
{
    public required string DagId { get; init; }

    public required string RunId { get; init; }

    /// <summary>The task cleared (with its downstream), or null when the whole run was cleared.</summary>
    public string? TaskId { get; init; }

    public int Cleared { get; init; }
}
