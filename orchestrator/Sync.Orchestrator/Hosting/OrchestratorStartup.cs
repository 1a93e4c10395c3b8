using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sync.Dags;
using Sync.Metadata;

namespace Sync.Orchestrator.Hosting;

/// <summary>Before anything schedules: creates the metadata schema, loads the DAG folder and starts watching it.</summary>
internal sealed class OrchestratorStartup(IMetadataStore store, DagRegistry registry, OrchestratorSettings settings, ILogger<OrchestratorStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.DataFolder);
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        if (!Directory.Exists(settings.DagsFolder))
            throw new DirectoryNotFoundException($"DAG folder '{Path.GetFullPath(settings.DagsFolder)}' (Sync:DagsFolder) does not exist");
        await registry.ReloadAsync(cancellationToken).ConfigureAwait(false);
        registry.StartWatching(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));
        logger.LogInformation("metadata store {Provider}; {Dags} DAGs loaded from {Folder}, {Errors} import errors",
            store.Provider, registry.Dags.Count, Path.GetFullPath(settings.DagsFolder), registry.ImportErrors.Count);
        foreach (var error in registry.ImportErrors) logger.LogWarning("DAG import error: {Error}", error);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
