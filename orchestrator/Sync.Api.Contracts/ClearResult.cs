namespace Sync.Api.Contracts;

/// <summary>What a clear did: the task instances it sent back to be scheduled again.</summary>
public sealed record ClearResult
{
    public required string DagId { get; init; }

    public required string RunId { get; init; }

    public IReadOnlyList<string> ClearedTasks { get; init; } = [];
}
