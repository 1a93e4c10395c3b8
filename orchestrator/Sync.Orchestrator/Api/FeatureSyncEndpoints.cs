using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MySqlConnector;

namespace Sync.Orchestrator.Api;

/// <summary><c>/api/v1/feature-sync</c> (every job) and <c>/api/v1/feature-sync/{job}</c>: the status of <c>feature-sync status</c> with the supervisor's view.</summary>
public static class FeatureSyncEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/feature-sync", async (FeatureSyncOverview overview, CancellationToken ct) =>
        {
            if (!overview.Enabled) return ApiResults.NotFound(FeatureSyncOverview.NotConfigured);
            try
            {
                return ApiResults.Ok(await overview.ListAsync(ct).ConfigureAwait(false));
            }
            catch (MySqlException ex)
            {
                return Unavailable(ex);
            }
        });

        api.MapGet("/feature-sync/{jobId}", async (string jobId, FeatureSyncOverview overview, CancellationToken ct) =>
        {
            if (!overview.Enabled) return ApiResults.NotFound(FeatureSyncOverview.NotConfigured);
            try
            {
                return await overview.GetAsync(jobId, ct).ConfigureAwait(false) is { } job
                    ? ApiResults.Ok(job)
                    : ApiResults.NotFound($"feature-sync job '{jobId}' does not exist");
            }
            catch (MySqlException ex)
            {
                return Unavailable(ex);
            }
        });
    }

    private static IResult Unavailable(MySqlException ex) =>
        ApiResults.Problem(StatusCodes.Status503ServiceUnavailable, $"the feature-sync state database cannot be read: {ex.Message}");
}
