using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sync.Orchestrator.Observability;

namespace Sync.Orchestrator.Api;

/// <summary>Services behind what users see of the orchestrator: API, dashboard pages, health and metrics.</summary>
public static class SyncWebServiceCollectionExtensions
{
    public static IServiceCollection AddSyncWeb(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<WebAccessOptions>()
            .Bind(configuration.GetSection(WebAccessOptions.SectionName))
            .Validate(options =>
            {
                options.Validate();
                return true;
            })
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        // The dashboard's forms carry an antiforgery token; Hangfire checks it on every POST when the service exists.
        services.AddAntiforgery();
        services.AddTransient<DagOverview>();
        // Reads the feature-sync stores when AddFeatureSyncSupervision registered them; says it is not configured otherwise.
        services.AddTransient<FeatureSyncOverview>();
        services.AddSingleton<TaskLogReader>();
        services.AddSingleton<SyncMetrics>();
        return services;
    }
}
