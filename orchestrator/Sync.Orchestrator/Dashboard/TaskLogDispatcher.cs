using Hangfire.Dashboard;
using Sync.Metadata;
using Sync.Orchestrator.Api;

namespace Sync.Orchestrator.Dashboard;

/// <summary>Serves the log file of a task's latest attempt as plain text, when the log is kept on this server.</summary>
public sealed class TaskLogDispatcher : IDashboardDispatcher
{
    public async Task Dispatch(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.GetHttpContext();
        var match = context.UriMatch;
        var dagId = match.Groups["dag"].Value;
        var runId = match.Groups["run"].Value;
        var taskId = match.Groups["task"].Value;
        var store = http.RequestServices.GetRequiredService<IMetadataStore>();
        var task = await store.GetTaskAsync(dagId, runId, taskId, http.RequestAborted).ConfigureAwait(false);

        var location = TaskLogLocation.Parse(task?.LogLocation);
        if (task is null || location?.FilePath is not { } path || !File.Exists(path))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain; charset=utf-8";
            var reason = task is null ? $"task '{taskId}' of run '{runId}' of DAG '{dagId}' does not exist"
                : location is null ? $"task '{taskId}' has no log yet"
                : location.RemoteUri is { } uri ? $"the log of task '{taskId}' is kept at {uri}"
                : $"log file {location.FilePath} of task '{taskId}' does not exist on this server";
            await context.Response.WriteAsync(reason).ConfigureAwait(false);
            return;
        }
        context.Response.ContentType = "text/plain; charset=utf-8";
        // Browsers must show the log, never run it as a page.
        http.Response.Headers.XContentTypeOptions = "nosniff";
        await http.Response.SendFileAsync(path, http.RequestAborted).ConfigureAwait(false);
    }
}
