using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;
using Sync.Api.Contracts;
using Sync.Dags;
using Sync.Metadata;

namespace Sync.Orchestrator.Observability;

/// <summary>
/// <c>/healthz</c> (the process answers), <c>/readyz</c> (metadata store reachable and DAGs loaded) and
/// <c>/metrics</c> (Prometheus). Probes and scrapers come from other pods, so these stay open.
/// </summary>
public static class ObservabilityEndpointRouteBuilderExtensions
{
    /// <summary>How long /readyz waits for the metadata store.</summary>
    public static readonly TimeSpan StoreCheckTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapSyncHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/healthz", () => Results.Text("ok")).DisableAntiforgery();
        endpoints.MapGet("/readyz", CheckReadinessAsync).DisableAntiforgery();
        return endpoints;
    }

    public static IEndpointRouteBuilder MapSyncMetrics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var metrics = endpoints.ServiceProvider.GetRequiredService<SyncMetrics>();
        endpoints.MapMetrics("/metrics", metrics.Registry);
        return endpoints;
    }

    private static async Task<IResult> CheckReadinessAsync(IMetadataStore store, IDagRegistry registry, CancellationToken cancellationToken)
    {
        string storeStatus;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(StoreCheckTimeout);
            try
            {
                await store.CountRunsByStateAsync(null, timeout.Token).ConfigureAwait(false);
                storeStatus = "ok";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                storeStatus = $"{store.Provider} metadata store did not answer within {StoreCheckTimeout.TotalSeconds:0}s";
            }
            catch (DbException ex)
            {
                storeStatus = $"{store.Provider} metadata store: {ex.Message}";
            }
        }
        var loaded = registry.LoadedAt != default;
        var report = new ReadinessReport
        {
            Ready = storeStatus == "ok" && loaded,
            MetadataStore = storeStatus,
            Dags = loaded ? "ok" : "the DAG folder has not been loaded yet",
            DagCount = registry.Dags.Count,
            ImportErrorCount = registry.ImportErrors.Count,
        };
        return Results.Json(report, ApiJson.Options, statusCode: report.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
