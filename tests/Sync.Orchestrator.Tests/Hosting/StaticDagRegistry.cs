using Sync.Dags;

namespace Sync.Orchestrator.Tests.Hosting;

/// <summary>A registry holding DAGs and import errors given by the test, as loaded at construction.</summary>
internal sealed class StaticDagRegistry(IReadOnlyList<DagDefinition> dags, IReadOnlyList<DagImportError> importErrors) : IDagRegistry
{
    public IReadOnlyList<DagDefinition> Dags { get; } = dags;

    public IReadOnlyList<DagImportError> ImportErrors { get; } = importErrors;

    public DateTimeOffset LoadedAt { get; } = DateTimeOffset.UtcNow;

    public DagDefinition? Find(string dagId) => Dags.FirstOrDefault(d => d.Id == dagId);

    public event EventHandler<DagRegistryChangedEventArgs>? Changed
    {
        add { }
        remove { }
    }

    public Task ReloadAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
