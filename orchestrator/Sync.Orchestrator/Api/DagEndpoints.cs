using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sync.Api.Contracts;
using Sync.Dags;
using Sync.Scheduling;

namespace Sync.Orchestrator.Api;

/// <summary><c>/api/v1/dags</c>: list, get, pause, unpause, trigger; <c>/api/v1/import-errors</c>.</summary>
public static class DagEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/dags", async (DagOverview overview, CancellationToken ct) =>
            ApiResults.Ok(await overview.ListAsync(ct).ConfigureAwait(false)));

        api.MapGet("/dags/{dagId}", async (string dagId, DagOverview overview, CancellationToken ct) =>
            await overview.GetAsync(dagId, ct).ConfigureAwait(false) is { } dag
                ? ApiResults.Ok(dag)
                : ApiResults.NotFound($"DAG '{dagId}' is not loaded"));

        api.MapPost("/dags/{dagId}/pause", (string dagId, IDagOperations operations, DagOverview overview, CancellationToken ct) =>
            SetPausedAsync(dagId, true, operations, overview, ct));

        api.MapPost("/dags/{dagId}/unpause", (string dagId, IDagOperations operations, DagOverview overview, CancellationToken ct) =>
            SetPausedAsync(dagId, false, operations, overview, ct));

        api.MapPost("/dags/{dagId}/trigger", async (string dagId, TriggerRequest? request, IDagOperations operations, CancellationToken ct) =>
        {
            try
            {
                var run = await operations.TriggerAsync(dagId, request?.Params ?? new Dictionary<string, string>(), request?.LogicalDate, ct).ConfigureAwait(false);
                return Results.Json(ApiMapper.ToSummary(run), ApiJson.Options, statusCode: StatusCodes.Status201Created);
            }
            catch (DagOperationException ex)
            {
                return ApiResults.From(ex);
            }
        });

        api.MapGet("/import-errors", (IDagRegistry registry) =>
            ApiResults.Ok(registry.ImportErrors.Select(ApiMapper.ToInfo).ToList()));
    }

    private static async Task<IResult> SetPausedAsync(string dagId, bool paused, IDagOperations operations, DagOverview overview, CancellationToken ct)
    {
        try
        {
            await operations.SetPausedAsync(dagId, paused, ct).ConfigureAwait(false);
        }
        catch (DagOperationException ex)
        {
            return ApiResults.From(ex);
        }
        return await overview.GetAsync(dagId, ct).ConfigureAwait(false) is { } dag
            ? ApiResults.Ok(dag)
            : ApiResults.NotFound($"DAG '{dagId}' is not loaded");
    }
}
