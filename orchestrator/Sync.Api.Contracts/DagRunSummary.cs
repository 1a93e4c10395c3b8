namespace Sync.Api.Contracts;

/// <summary>One run of a DAG, keyed by (DAG, run id).</summary>
public sealed record DagRunSummary
{
    public required string DagId { get; init; }

    public required string RunId { get; init; }

    /// <summary>Run state by name: queued, running, success, failed.</summary>
    public required string State { get; init; }

    public DateTimeOffset LogicalDate { get; init; }

    /// <summary>How the run was created: scheduled or manual.</summary>
    public string? RunType { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Parameters given at trigger time.</summary>
    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();
}
