using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Sync.Execution;
using Sync.FeatureSync.State;
using Sync.Tasks;

namespace Sync.FeatureSync.Supervision;

/// <summary>Registers the feature-sync supervisor when <c>Sync:FeatureSync:StateConnection</c> names a connection.</summary>
public static class FeatureSyncSupervisionServiceCollectionExtensions
{
    /// <summary>The local process executor's <see cref="ITaskExecutor.Name"/>.</summary>
    private const string LocalExecutorName = "local";

    /// <summary>
    /// Binds <see cref="FeatureSyncSupervisorOptions"/> (always, so pages can say whether supervision is on) and, when
    /// enabled, registers the state stores and the <see cref="FeatureSyncSupervisor"/> hosted service. The connection
    /// is resolved here, so a name without <c>SYNC_CONNECTION_&lt;NAME&gt;</c> stops the orchestrator at start.
    /// </summary>
    public static IServiceCollection AddFeatureSyncSupervision(this IServiceCollection services, IConfiguration configuration, ConnectionResolver connections)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(connections);
        var options = configuration.GetSection(FeatureSyncSupervisorOptions.SectionName).Get<FeatureSyncSupervisorOptions>() ?? new FeatureSyncSupervisorOptions();
        options.Validate();
        services.AddSingleton(options);
        if (!options.Enabled) return services;

        var connectionString = connections.Resolve(options.StateConnection!);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new FeatureSyncStateStore(connectionString, options.StateDatabase));
        services.AddSingleton(new SupervisionStore(connectionString, options.StateDatabase));
        services.AddSingleton(sp =>
        {
            var executor = sp.GetRequiredService<ITaskExecutor>();
            return new FeatureSyncSupervisor(
                sp.GetRequiredService<FeatureSyncStateStore>(),
                sp.GetRequiredService<SupervisionStore>(),
                executor,
                options,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<FeatureSyncSupervisor>>(),
                // Local workers are this process's children: stopped with it. Pods outlive it and are adopted.
                stopWorkersWithHost: executor.Name == LocalExecutorName);
        });
        services.AddHostedService(sp => sp.GetRequiredService<FeatureSyncSupervisor>());
        return services;
    }
}
