namespace Sync.Orchestrator.Observability;

/// <summary>Body of <c>/readyz</c>: whether the orchestrator can serve, and what each check found.</summary>
public sealed record ReadinessReport
{
    public required bool Ready { get; init; }

    /// <summary>"ok", or the error reaching the metadata store.</summary>
    public required string MetadataStore { get; init; }

    /// <summary>"ok" once the DAG folder has been loaded, else why not.</summary>
    public required string Dags { get; init; }

    public int DagCount { get; init; }

    public int ImportErrorCount { get; init; }
}
