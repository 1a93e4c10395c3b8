using Sync.Api.Contracts;
using Sync.Dags;
using Sync.Metadata;

namespace Sync.Orchestrator.Api;

/// <summary>DAGs as operators see them: the registry's definitions joined with the store's paused flags and last runs.</summary>
public sealed class DagOverview(IDagRegistry registry, IMetadataStore store, TimeProvider time)
{
    public async Task<IReadOnlyList<DagSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var paused = await store.ListPausedDagsAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var result = new List<DagSummary>(registry.Dags.Count);
        foreach (var dag in registry.Dags)
        {
            var last = await store.GetLatestRunAsync(dag.Id, cancellationToken).ConfigureAwait(false);
            result.Add(ApiMapper.ToSummary(dag, paused.Contains(dag.Id), last, now));
        }
        return result;
    }

    /// <summary>The DAG, or null when the registry does not hold it.</summary>
    public async Task<DagSummary?> GetAsync(string dagId, CancellationToken cancellationToken)
    {
        if (registry.Find(dagId) is not { } dag) return null;
        var paused = await store.IsPausedAsync(dagId, cancellationToken).ConfigureAwait(false);
        var last = await store.GetLatestRunAsync(dagId, cancellationToken).ConfigureAwait(false);
        return ApiMapper.ToSummary(dag, paused, last, time.GetUtcNow());
    }
}
