using System.Globalization;
using Sync.Api.Contracts;

namespace Sync.Orchestrator.Dashboard;

/// <summary>
/// The Feature sync page: the summary line (are all tasks running?), then per job its <c>feature-sync status</c>
/// summary and one row per partition task with the supervisor's view of its worker.
/// </summary>
public sealed class FeatureSyncPage(FeatureSyncStatus? status, string? unavailable) : SyncDashboardPage("Feature sync")
{
    protected override void RenderContent()
    {
        if (status is null)
        {
            Markup("<div class=\"alert alert-info sync-feature-unavailable\">");
            Text(unavailable);
            Markup("</div>");
            return;
        }
        Markup(status.AllRunning ? "<div class=\"alert alert-success sync-feature-summary\" data-all-running=\"true\">" : "<div class=\"alert alert-warning sync-feature-summary\" data-all-running=\"false\">");
        Text(status.Summary);
        if (!status.Supervised) Markup(" <span class=\"text-muted\">(this orchestrator does not supervise the workers)</span>");
        Markup("</div>");
        foreach (var job in status.Jobs) RenderJob(job);
    }

    private void RenderJob(FeatureSyncJobStatus job)
    {
        Markup("<div class=\"sync-feature-job\" data-job-id=\"");
        Text(job.JobId);
        Markup("\"><h3>");
        Text(job.JobId);
        Markup(" <small>");
        Text($"{job.Mode}, {job.Table} → {string.Join(", ", job.Destinations)}");
        Markup("</small></h3><p class=\"sync-feature-job-summary\">");
        Text(job.Summary);
        Markup("</p><div class=\"table-responsive\"><table class=\"table table-striped table-condensed sync-feature-tasks\"><thead><tr>"
            + "<th>Partition</th><th>Mode</th><th>State</th><th>Position</th><th>Rows</th><th>Lag</th><th>Last update</th><th>Last error</th>"
            + "<th>Attempt</th><th>Restarts</th><th>Next restart</th><th>Last exit</th></tr></thead><tbody>");
        foreach (var task in job.Tasks) RenderTask(task);
        Markup("</tbody></table></div></div>");
    }

    private void RenderTask(FeatureSyncTaskStatus task)
    {
        var inv = CultureInfo.InvariantCulture;
        Markup("<tr data-partition=\"");
        Text(task.Partition.ToString(inv));
        Markup("\" data-state=\"");
        Text(task.State);
        Markup("\"><td>");
        Text(task.Partition.ToString(inv));
        Markup("</td><td>");
        Text(task.Mode);
        Markup("</td><td>");
        StateLabel(task.State);
        Markup("</td><td><code>");
        Text(task.Position ?? "–");
        Markup("</code></td><td class=\"sync-feature-rows\">");
        Text(Number(task.Rows));
        Markup("</td><td>");
        Text(task.LagSeconds is { } lag ? Seconds(lag) : "–");
        Markup("</td><td>");
        Text(Time(task.UpdatedAt));
        Markup("</td><td class=\"sync-feature-error\">");
        Text(task.LastError ?? "");
        var attempt = task.Supervisor;
        Markup("</td><td class=\"sync-feature-attempt\">");
        if (attempt is null)
        {
            Markup("–</td><td>–</td><td>–</td><td>–</td></tr>");
            return;
        }
        Text(attempt.Attempt.ToString(inv));
        Markup(" ");
        StateLabel(attempt.State);
        Markup("</td><td class=\"sync-feature-restarts\">");
        Text(attempt.Restarts.ToString(inv));
        Markup("</td><td class=\"sync-feature-next-restart\">");
        Text(attempt.State == "waiting" ? Time(attempt.NextRestartAt) : "–");
        Markup("</td><td class=\"sync-feature-last-exit\">");
        if (attempt.LastExitCode is { } exit)
        {
            Text($"{exit.ToString(inv)} at {Time(attempt.EndedAt)}");
            if (attempt.LastExitError is { Length: > 0 } error)
            {
                Markup("<div class=\"small text-muted\">");
                Text(error);
                Markup("</div>");
            }
        }
        else
        {
            Markup("–");
        }
        Markup("</td></tr>");
    }
}
