namespace Sync.Dags;

/// <summary>
/// The DAGs currently loaded from the DAG folder and the files that failed to load. A bad file never hides the
/// others: its DAGs are absent and its errors listed in <see cref="ImportErrors"/>.
/// </summary>
public interface IDagRegistry
{
    /// <summary>Valid DAGs, ordered by id.</summary>
    IReadOnlyList<DagDefinition> Dags { get; }

    /// <summary>Errors of the last load, per file, ordered by file, line, column.</summary>
    IReadOnlyList<DagImportError> ImportErrors { get; }

    /// <summary>When the folder was last loaded.</summary>
    DateTimeOffset LoadedAt { get; }

    DagDefinition? Find(string dagId);

    /// <summary>Raised after a load changed what <see cref="Dags"/> or <see cref="ImportErrors"/> hold.</summary>
    event EventHandler<DagRegistryChangedEventArgs>? Changed;

    /// <summary>Loads the folder again now (the registry also does on file changes).</summary>
    Task ReloadAsync(CancellationToken cancellationToken);
}
