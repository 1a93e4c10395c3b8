namespace Sync.Dags;

/// <summary>What loading one DAG file gave: the DAG, or the errors that kept it out.</summary>
public sealed record DagFileResult
{
    public required string FilePath { get; init; }

    /// <summary>The DAG, when the file had no error.</summary>
    public DagDefinition? Dag { get; init; }

    public IReadOnlyList<DagImportError> Errors { get; init; } = [];
}
