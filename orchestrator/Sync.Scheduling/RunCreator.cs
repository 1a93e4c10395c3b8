using Microsoft.Extensions.Logging;
using Sync.Dags;
using Sync.Metadata;

namespace Sync.Scheduling;

/// <summary>
/// Creates a DAG's run for a logical date, once: the metadata store's unique (DAG, logical date) constraint makes
/// a second creator — another replica, a replayed tick — a no-op.
/// </summary>
public sealed class RunCreator(IMetadataStore store, SchedulerSignal signal, TimeProvider time, ILogger<RunCreator> logger)
{
    /// <summary>The new run, or null when the DAG already has one for that logical date.</summary>
    public async Task<DagRunRecord?> TryCreateAsync(DagDefinition dag, DateTimeOffset logicalDate, string triggeredBy, IReadOnlyDictionary<string, string>? parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dag);
        var (run, tasks) = RunBuilder.Build(dag, logicalDate.ToUniversalTime(), triggeredBy, parameters, time.GetUtcNow());
        if (!await store.TryCreateRunAsync(run, tasks, cancellationToken).ConfigureAwait(false)) return null;
        logger.LogInformation("{Dag}/{Run}: created ({Trigger}, {Tasks} tasks before planning)", dag.Id, run.RunId, triggeredBy, tasks.Count);
        signal.Wake();
        return run;
    }
}
