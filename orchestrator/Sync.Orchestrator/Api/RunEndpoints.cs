using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sync.Api.Contracts;
using Sync.Dags;
using Sync.Metadata;
using Sync.Scheduling;

namespace Sync.Orchestrator.Api;

/// <summary><c>/api/v1/dags/{dagId}/runs</c>: runs, their tasks, task logs, clearing runs and tasks.</summary>
public static class RunEndpoints
{
    /// <summary>Largest page of runs one request may ask for.</summary>
    public const int MaxLimit = 500;

    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/dags/{dagId}/runs", ListRunsAsync);

        api.MapGet("/dags/{dagId}/runs/{runId}", async (string dagId, string runId, IMetadataStore store, CancellationToken ct) =>
            await store.GetRunAsync(dagId, runId, ct).ConfigureAwait(false) is { } run
                ? ApiResults.Ok(ApiMapper.ToSummary(run))
                : ApiResults.NotFound($"run '{runId}' of DAG '{dagId}' does not exist"));

        api.MapGet("/dags/{dagId}/runs/{runId}/tasks", async (string dagId, string runId, IMetadataStore store, TimeProvider time, CancellationToken ct) =>
        {
            if (await store.GetRunAsync(dagId, runId, ct).ConfigureAwait(false) is null)
                return ApiResults.NotFound($"run '{runId}' of DAG '{dagId}' does not exist");
            var tasks = TaskDisplayOrder.Sort(await store.ListTasksAsync(dagId, runId, ct).ConfigureAwait(false));
            var now = time.GetUtcNow();
            return ApiResults.Ok(tasks.Select(t => ApiMapper.ToSummary(t, now)).ToList());
        });

        api.MapGet("/dags/{dagId}/runs/{runId}/tasks/{taskId}/log", ReadLogAsync);

        api.MapPost("/dags/{dagId}/runs/{runId}/clear", async (string dagId, string runId, bool? onlyFailed, IDagOperations operations, CancellationToken ct) =>
        {
            try
            {
                var cleared = await operations.ClearRunAsync(dagId, runId, onlyFailed ?? true, ct).ConfigureAwait(false);
                return ApiResults.Ok(new ClearResult { DagId = dagId, RunId = runId, Cleared = cleared });
            }
            catch (DagOperationException ex)
            {
                return ApiResults.From(ex);
            }
        });

        api.MapPost("/dags/{dagId}/runs/{runId}/tasks/{taskId}/clear", async (string dagId, string runId, string taskId, bool? downstream, IDagOperations operations, CancellationToken ct) =>
        {
            try
            {
                var cleared = await operations.ClearTaskAsync(dagId, runId, taskId, downstream ?? true, ct).ConfigureAwait(false);
                return ApiResults.Ok(new ClearResult { DagId = dagId, RunId = runId, TaskId = taskId, Cleared = cleared });
            }
            catch (DagOperationException ex)
            {
                return ApiResults.From(ex);
            }
        });
    }

    private static async Task<IResult> ListRunsAsync(string dagId, string? state, int? limit, int? offset, IMetadataStore store, IDagRegistry registry, CancellationToken ct)
    {
        DagRunState? stateFilter = null;
        if (!string.IsNullOrEmpty(state))
        {
            if (!StateNames.TryParseRunState(state, out var parsed))
                return ApiResults.BadRequest($"state '{state}' is not one of: {string.Join(", ", Enum.GetValues<DagRunState>().Select(StateNames.Of))}");
            stateFilter = parsed;
        }
        var take = limit ?? RunQuery.DefaultLimit;
        if (take is < 1 or > MaxLimit) return ApiResults.BadRequest($"limit must be between 1 and {MaxLimit}, got {take}");
        var skip = offset ?? 0;
        if (skip < 0) return ApiResults.BadRequest($"offset must not be negative, got {skip}");

        var runs = await store.ListRunsAsync(new RunQuery { DagId = dagId, State = stateFilter, Limit = take, Offset = skip }, ct).ConfigureAwait(false);
        // A DAG whose file was removed still shows its past runs; one never loaded and never run is unknown.
        if (runs.Count == 0 && registry.Find(dagId) is null) return ApiResults.NotFound($"DAG '{dagId}' is not loaded and has no runs");
        return ApiResults.Ok(runs.Select(ApiMapper.ToSummary).ToList());
    }

    private static async Task<IResult> ReadLogAsync(string dagId, string runId, string taskId, IMetadataStore store, TaskLogReader logs, CancellationToken ct)
    {
        var task = await store.GetTaskAsync(dagId, runId, taskId, ct).ConfigureAwait(false);
        var log = await logs.OpenAsync(task, dagId, runId, taskId, ct).ConfigureAwait(false);
        if (log.Content is { } content) return Results.Stream(content, "text/plain; charset=utf-8", enableRangeProcessing: content.CanSeek);
        return log.Status == StatusCodes.Status404NotFound ? ApiResults.NotFound(log.Problem!) : ApiResults.Problem(log.Status, log.Problem!);
    }
}
