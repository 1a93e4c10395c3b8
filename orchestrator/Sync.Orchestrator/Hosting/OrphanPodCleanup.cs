using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sync.Execution;
using Sync.Execution.Kubernetes;
using Sync.FeatureSync.Supervision;
using Sync.Metadata;

namespace Sync.Orchestrator.Hosting;

/// <summary>
/// On start, before any attempt is claimed, deletes the pods of this instance whose attempt the metadata store no
/// longer counts as queued or running (e.g. a task cleared or failed while the orchestrator was down). Only with
/// the in-memory job storage: that means a single replica, so no other orchestrator can be creating a pod meanwhile.
/// Feature-sync pods count as active while the supervisor records their attempt as running (it adopts them next);
/// without the supervisor they are orphans too. When the state database cannot be read, nothing is deleted.
/// </summary>
internal sealed class OrphanPodCleanup(
    IMetadataStore store,
    ITaskExecutor executor,
    OrchestratorSettings settings,
    ILogger<OrphanPodCleanup> logger,
    FeatureSyncSupervisor? featureSync = null) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (executor is not KubernetesExecutor kubernetes || settings.Hangfire.Storage != "inmemory") return;
        var active = await store.ListTasksInStatesAsync([TaskState.Queued, TaskState.Running], cancellationToken).ConfigureAwait(false);
        // A queued task's pod, if any, belongs to its next attempt; a running one's to the current attempt.
        var keys = active.Select(t => TaskLaunch.KeyOf(t.DagId, t.RunId, t.TaskId, t.State == TaskState.Queued ? t.Attempt + 1 : t.Attempt)).ToList();
        if (featureSync is not null)
        {
            try
            {
                keys.AddRange(await featureSync.RunningAttemptKeysAsync(cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is MySqlConnector.MySqlException or IOException or TimeoutException)
            {
                logger.LogWarning(ex, "orphan pod cleanup skipped: the feature-sync state database cannot say which of its pods are still wanted");
                return;
            }
        }
        var deleted = await kubernetes.RemoveOrphanedPodsAsync(keys, cancellationToken).ConfigureAwait(false);
        if (deleted.Count > 0) logger.LogWarning("deleted {Count} orphaned pods: {Pods}", deleted.Count, string.Join(", ", deleted));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
