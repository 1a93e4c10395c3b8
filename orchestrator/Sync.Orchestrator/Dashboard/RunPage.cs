using Sync.Api.Contracts;
using Sync.Metadata;
using Sync.Orchestrator.Api;

namespace Sync.Orchestrator.Dashboard;

/// <summary>
/// One run: its facts and a grid of every task with state, attempts, duration, rows, log link and upstream tasks,
/// with buttons to retry the run's failed tasks, the whole run, or one task.
/// </summary>
public sealed class RunPage(DagRunSummary run, IReadOnlyList<TaskInstanceRecord> tasks, DateTimeOffset now) : SyncDashboardPage("Run " + run.RunId)
{
    /// <summary>URI schemes the page links to for logs kept off this server; others are shown as text.</summary>
    private static readonly string[] LinkableSchemes = ["http", "https", "s3", "oss"];

    protected override void RenderContent()
    {
        Markup("<p>");
        Link(DashboardPaths.Dags, "← All DAGs");
        Markup(" · ");
        Link(DashboardPaths.Dag(run.DagId), "DAG " + run.DagId);
        Markup("</p><dl class=\"dl-horizontal sync-run\"><dt>State</dt><dd class=\"sync-run-state\">");
        StateLabel(run.State);
        Markup("</dd>");
        Fact("Type", run.RunType ?? "–");
        Fact("Logical date", Time(run.LogicalDate));
        Fact("Started", Time(run.StartedAt));
        Fact("Ended", Time(run.EndedAt));
        Fact("Parameters", run.Params.Count == 0 ? "–" : string.Join(", ", run.Params.Select(p => $"{p.Key}={p.Value}")));
        Markup("</dl><p>");
        if (run.State is "success" or "failed")
        {
            if (run.State == "failed")
                PostButton(DashboardPaths.ClearRun(run.DagId, run.RunId), "Retry failed tasks", "btn-primary sync-clear-run", fields: new Dictionary<string, string> { ["onlyFailed"] = "true" });
            PostButton(DashboardPaths.ClearRun(run.DagId, run.RunId), "Run everything again", "btn-default sync-clear-all",
                confirm: "Clear every task of this run? Its tables load again from scratch.", fields: new Dictionary<string, string> { ["onlyFailed"] = "false" });
        }
        Markup("</p><h3>Tasks</h3>");
        if (tasks.Count == 0)
        {
            Markup("<p class=\"text-muted\">The run has no tasks yet.</p>");
            return;
        }
        Markup("<div class=\"table-responsive\"><table class=\"table table-striped table-condensed sync-tasks\"><thead><tr><th>Task</th><th>Kind</th><th>State</th>"
            + "<th>Attempt</th><th>Started</th><th>Duration</th><th>Rows</th><th>Log</th><th>Upstream</th><th>Error</th><th>Actions</th></tr></thead><tbody>");
        foreach (var task in tasks) RenderTask(task);
        Markup("</tbody></table></div>");
    }

    private void RenderTask(TaskInstanceRecord task)
    {
        var state = StateNames.Of(task.State);
        Markup("<tr class=\"sync-task\" data-task-id=\"");
        Text(task.TaskId);
        Markup("\" data-state=\"");
        Text(state);
        Markup("\"><td class=\"sync-task-id\">");
        Text(task.TaskId);
        Markup("</td><td>");
        Text(task.Kind);
        Markup("</td><td class=\"sync-task-state\">");
        StateLabel(state);
        Markup("</td><td>");
        Text($"{task.Attempt}/{task.MaxAttempts}");
        Markup("</td><td>");
        Text(Time(task.StartedAt));
        Markup("</td><td>");
        Text(Seconds(ApiMapper.DurationOf(task, now)));
        Markup("</td><td class=\"sync-task-rows\">");
        Text(Number(task.RowsLoaded));
        Markup("</td><td>");
        RenderLog(task);
        Markup("</td><td>");
        Text(task.Upstream.Count == 0 ? "–" : string.Join(", ", task.Upstream));
        Markup("</td><td class=\"sync-task-error\">");
        Text(task.Error ?? string.Empty);
        Markup("</td><td>");
        if (task.State.IsFinished())
            PostButton(DashboardPaths.ClearTask(task.DagId, task.RunId, task.TaskId), "Retry", "btn-default btn-xs sync-clear-task");
        Markup("</td></tr>");
    }

    private void RenderLog(TaskInstanceRecord task)
    {
        switch (TaskLogLocation.Parse(task.LogLocation))
        {
            case { FilePath: not null }:
                Link(DashboardPaths.TaskLog(task.DagId, task.RunId, task.TaskId), "log", "sync-log-link");
                break;
            case { RemoteUri: { } uri } when Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && LinkableSchemes.Contains(parsed.Scheme, StringComparer.OrdinalIgnoreCase):
                Markup("<a class=\"sync-log-link\" rel=\"noopener noreferrer\" href=\"");
                Text(uri);
                Markup("\">log</a>");
                break;
            case { RemoteUri: { } uri }:
                Markup("<code>");
                Text(uri);
                Markup("</code>");
                break;
            default:
                Markup("–");
                break;
        }
    }

    private void Fact(string name, string value)
    {
        Markup("<dt>");
        Text(name);
        Markup("</dt><dd>");
        Text(value);
        Markup("</dd>");
    }
}
