using Sync.Api.Contracts;

namespace Sync.Orchestrator.Dashboard;

/// <summary>Every loaded DAG with schedule, paused flag, last and next run and actions, then the files that failed to load.</summary>
public sealed class DagsPage(IReadOnlyList<DagSummary> dags, IReadOnlyList<ImportErrorInfo> importErrors) : SyncDashboardPage("DAGs")
{
    protected override void RenderContent()
    {
        if (dags.Count == 0)
        {
            Markup("<div class=\"alert alert-info\">No DAGs are loaded.</div>");
        }
        else
        {
            Markup("<div class=\"table-responsive\"><table class=\"table table-striped sync-dags\"><thead><tr>"
                + "<th>DAG</th><th>Schedule</th><th>Paused</th><th>Last run</th><th>Next run</th><th>Actions</th></tr></thead><tbody>");
            foreach (var dag in dags) RenderRow(dag);
            Markup("</tbody></table></div>");
        }
        RenderImportErrors();
    }

    private void RenderRow(DagSummary dag)
    {
        Markup("<tr data-dag-id=\"");
        Text(dag.DagId);
        Markup("\"><td>");
        Link(DashboardPaths.Dag(dag.DagId), dag.DagId, "sync-dag-link");
        if (dag.Description is { Length: > 0 } description)
        {
            Markup("<div class=\"text-muted small\">");
            Text(description);
            Markup("</div>");
        }
        Markup("</td><td><code>");
        Text(dag.Schedule ?? "manual only");
        Markup("</code>");
        if (dag.Schedule != null && dag.TimeZone is { } zone)
        {
            Markup("<div class=\"text-muted small sync-time-zone\">");
            Text(zone);
            Markup("</div>");
        }
        Markup("</td><td class=\"sync-paused\">");
        Markup(dag.IsPaused ? "<span class=\"label label-warning\">paused</span>" : "<span class=\"label label-default\">active</span>");
        Markup("</td><td>");
        if (dag.LastRun is { } last)
        {
            Link(DashboardPaths.Run(dag.DagId, last.RunId), last.RunId);
            Markup(" ");
            StateLabel(last.State);
        }
        else
        {
            Markup("–");
        }
        Markup("</td><td>");
        Text(Time(dag.NextRunAt));
        Markup("</td><td>");
        PostButton(DashboardPaths.Trigger(dag.DagId), "Trigger", "btn-primary sync-trigger");
        if (dag.IsPaused) PostButton(DashboardPaths.Unpause(dag.DagId), "Unpause", "btn-default sync-unpause");
        else PostButton(DashboardPaths.Pause(dag.DagId), "Pause", "btn-default sync-pause");
        Markup("</td></tr>");
    }

    private void RenderImportErrors()
    {
        Markup("<h3>Import errors</h3>");
        if (importErrors.Count == 0)
        {
            Markup("<p class=\"text-muted sync-no-import-errors\">Every DAG file loaded.</p>");
            return;
        }
        Markup("<table class=\"table table-condensed sync-import-errors\"><thead><tr><th>File</th><th>Line</th><th>Column</th><th>Error</th></tr></thead><tbody>");
        foreach (var error in importErrors)
        {
            Markup("<tr class=\"danger\"><td><code>");
            Text(error.File);
            Markup("</code></td><td>");
            Text(error.Line?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "–");
            Markup("</td><td>");
            Text(error.Column?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "–");
            Markup("</td><td>");
            Text(error.Message);
            Markup("</td></tr>");
        }
        Markup("</tbody></table>");
    }
}
