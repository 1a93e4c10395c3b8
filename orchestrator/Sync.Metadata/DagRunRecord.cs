namespace Sync.Metadata;

/// <summary>One run of a DAG, unique per (<see cref="DagId"/>, <see cref="LogicalDate"/>).</summary>
public sealed record DagRunRecord
{
    public required string DagId { get; init; }

    /// <summary>Unique within the DAG, e.g. <c>schedule__2026-11-23T02:00:00Z</c>.</summary>
    public required string RunId { get; init; }

    /// <summary>The tick the run stands for (UTC); for a manual run, when it was triggered.</summary>
    public required DateTimeOffset LogicalDate { get; init; }

    public DagRunState State { get; init; } = DagRunState.Queued;

    /// <summary>One of <see cref="RunTriggers"/>.</summary>
    public required string TriggeredBy { get; init; }

    /// <summary>Parameters of a manual trigger, handed to every task of the run.</summary>
    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();

    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Why the run failed as a whole (e.g. its DAG disappeared), when it did.</summary>
    public string? Error { get; init; }
}
