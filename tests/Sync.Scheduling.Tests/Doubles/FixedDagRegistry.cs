using Sync.Dags;

namespace Sync.Scheduling.Tests.Doubles;

/// <summary>A registry holding DAGs built in code (the YAML loading has its own tests).</summary>
internal sealed class FixedDagRegistry(params DagDefinition[] dags) : IDagRegistry
{
    public IReadOnlyList<DagDefinition> Dags { get; } = dags.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();

    public IReadOnlyList<DagImportError> ImportErrors => [];

    public DateTimeOffset LoadedAt => DateTimeOffset.UnixEpoch;

    public DagDefinition? Find(string dagId) => Dags.FirstOrDefault(d => d.Id == dagId);

    public event EventHandler<DagRegistryChangedEventArgs>? Changed
    {
        add { }
        remove { }
    }

    public Task ReloadAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
