using Hangfire.Dashboard;
using Sync.Metadata;
using Sync.Orchestrator.Api;

namespace Sync.Orchestrator.Dashboard;

/// <summary>Serves the log of a task's latest attempt as plain text, from this server's disk or the object store.</summary>
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

        var log = await http.RequestServices.GetRequiredService<TaskLogReader>().OpenAsync(task, dagId, runId, taskId, http.RequestAborted).ConfigureAwait(false);
        context.Response.ContentType = "text/plain; charset=utf-8";
        if (log.Content is not { } content)
        {
            context.Response.StatusCode = log.Status;
            await context.Response.WriteAsync(log.Problem ?? "no log").ConfigureAwait(false);
            return;
        }
        // Browsers must show the log, never run it as a page.
        http.Response.Headers.XContentTypeOptions = "nosniff";
        await using (content.ConfigureAwait(false))
            await content.CopyToAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
    }
}
