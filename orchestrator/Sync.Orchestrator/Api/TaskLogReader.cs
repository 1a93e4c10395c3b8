using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sync.Metadata;
using Sync.Storage;

namespace Sync.Orchestrator.Api;

/// <summary>
/// Opens the log of a task's latest attempt wherever the executor kept it: a file on this server (local executor,
/// folder sink) or an object (pod logs copied to the object store). Shared by the REST API and the dashboard.
/// </summary>
public sealed class TaskLogReader(IServiceProvider services)
{
    /// <summary>The log's content, or the HTTP status and the reason it cannot be served.</summary>
    public sealed record Result(Stream? Content, int Status, string? Problem);

    public async Task<Result> OpenAsync(TaskInstanceRecord? task, string dagId, string runId, string taskId, CancellationToken cancellationToken)
    {
        if (task is null) return NotFound($"task '{taskId}' of run '{runId}' of DAG '{dagId}' does not exist");
        switch (TaskLogLocation.Parse(task.LogLocation))
        {
            case null:
                return NotFound($"task '{taskId}' of run '{runId}' has no log yet (attempt {task.Attempt}, {StateNames.Of(task.State)})");
            case { FilePath: { } path }:
                return File.Exists(path)
                    ? new Result(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, useAsync: true), StatusCodes.Status200OK, null)
                    : NotFound($"log file {path} of task '{taskId}' (run '{runId}') does not exist on this server");
            case { RemoteUri: { } uri }:
                if (services.GetService<Func<string, IObjectStore>>() is not { } open)
                    return new Result(null, StatusCodes.Status409Conflict, $"log of task '{taskId}' (run '{runId}') is kept at {uri}, which this server cannot read");
                try
                {
                    return new Result(await open(uri).OpenReadAsync(uri, cancellationToken).ConfigureAwait(false), StatusCodes.Status200OK, null);
                }
                catch (ObjectStoreException ex) when (ex.IsNotFound)
                {
                    return NotFound($"log {uri} of task '{taskId}' (run '{runId}') does not exist in the object store");
                }
                catch (Exception ex) when (ex is ObjectStoreException or ObjectStoreConfigurationException or ArgumentException)
                {
                    return new Result(null, StatusCodes.Status502BadGateway, $"reading log {uri} of task '{taskId}' (run '{runId}'): {ex.Message}");
                }
            default:
                return NotFound($"task '{taskId}' of run '{runId}' has no readable log location");
        }
    }

    private static Result NotFound(string problem) => new(null, StatusCodes.Status404NotFound, problem);
}
