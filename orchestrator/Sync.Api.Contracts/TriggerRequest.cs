namespace Sync.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/dags/{dagId}/trigger</c>.</summary>
public sealed record TriggerRequest
{
    /// <summary>Run parameters; the DAG's templates read them.</summary>
    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();

    /// <summary>The logical date the run stands for; now when absent.</summary>
    public DateTimeOffset? LogicalDate { get; init; }
}
