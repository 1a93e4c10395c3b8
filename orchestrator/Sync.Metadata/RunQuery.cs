namespace Sync.Metadata;

/// <summary>Which runs to list: newest logical date first.</summary>
public sealed record RunQuery
{
    public const int DefaultLimit = 50;

    /// <summary>Only this DAG's runs (null = all DAGs).</summary>
    public string? DagId { get; init; }

    /// <summary>Only runs in this state (null = any).</summary>
    public DagRunState? State { get; init; }

    public int Limit { get; init; } = DefaultLimit;
    public int Offset { get; init; }
}
