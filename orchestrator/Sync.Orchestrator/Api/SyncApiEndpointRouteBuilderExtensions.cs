using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Sync.Api.Contracts;

namespace Sync.Orchestrator.Api;

/// <summary>Maps the REST API under <see cref="ApiRoutes.Prefix"/>, behind <see cref="ApiAccessFilter"/>.</summary>
public static class SyncApiEndpointRouteBuilderExtensions
{
    public static RouteGroupBuilder MapSyncApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup(ApiRoutes.Prefix);
        api.AddEndpointFilter<ApiAccessFilter>();
        // JSON bodies and bearer tokens: a browser form cannot post here, so no antiforgery token is asked.
        api.DisableAntiforgery();
        DagEndpoints.Map(api);
        RunEndpoints.Map(api);
        FeatureSyncEndpoints.Map(api);
        return api;
    }
}
