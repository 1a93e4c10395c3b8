using Sync.Api.Contracts;

namespace Sync.Orchestrator.Dashboard;

/// <summary>One DAG: its facts, a trigger form with parameters, pause/unpause, and its runs newest first.</summary>
public sealed class DagPage(DagSummary dag, IReadOnlyList<DagRunSummary> runs) : SyncDashboardPage("DAG " + dag.DagId)
{
    protected override void RenderContent()
    {
        Markup("<p>");
        Link(DashboardPaths.Dags, "← All DAGs");
        Markup("</p><dl class=\"dl-horizontal sync-dag\">");
        Fact("Description", dag.Description ?? "–");
        Fact("File", dag.File ?? "–");
        Fact("Schedule", dag.Schedule ?? "manual only");
        Fact("Paused", dag.IsPaused ? "yes" : "no");
        Fact("Next run", Time(dag.NextRunAt));
        Fact("Tables and tasks", dag.Tasks.Count == 0 ? "–" : string.Join(", ", dag.Tasks));
        Markup("</dl>");

        if (!IsReadOnly)
        {
            Markup("<div class=\"panel panel-default\"><div class=\"panel-heading\">Trigger a run</div><div class=\"panel-body\">");
            Markup("<form method=\"post\" class=\"sync-trigger-form\" action=\"");
            Href(DashboardPaths.Trigger(dag.DagId));
            Markup("\">");
            AntiforgeryField();
            Markup("<div class=\"form-group\"><label for=\"sync-params\">Parameters, one <code>key=value</code> per line</label>"
                + "<textarea id=\"sync-params\" name=\"params\" class=\"form-control\" rows=\"3\"></textarea></div>"
                + "<button type=\"submit\" class=\"btn btn-primary sync-trigger\">Trigger</button></form></div></div><p>");
            if (dag.IsPaused) PostButton(DashboardPaths.Unpause(dag.DagId), "Unpause", "btn-default sync-unpause");
            else PostButton(DashboardPaths.Pause(dag.DagId), "Pause", "btn-default sync-pause");
            Markup("</p>");
        }

        Markup("<h3>Runs</h3>");
        if (runs.Count == 0)
        {
            Markup("<p class=\"text-muted\">No runs yet.</p>");
            return;
        }
        Markup("<table class=\"table table-striped sync-runs\"><thead><tr><th>Run</th><th>State</th><th>Type</th><th>Logical date</th>"
            + "<th>Started</th><th>Ended</th><th>Actions</th></tr></thead><tbody>");
        foreach (var run in runs)
        {
            Markup("<tr data-run-id=\"");
            Text(run.RunId);
            Markup("\"><td>");
            Link(DashboardPaths.Run(run.DagId, run.RunId), run.RunId, "sync-run-link");
            Markup("</td><td>");
            StateLabel(run.State);
            Markup("</td><td>");
            Text(run.RunType ?? "–");
            Markup("</td><td>");
            Text(Time(run.LogicalDate));
            Markup("</td><td>");
            Text(Time(run.StartedAt));
            Markup("</td><td>");
            Text(Time(run.EndedAt));
            Markup("</td><td>");
            if (run.State == "failed") PostButton(DashboardPaths.ClearRun(run.DagId, run.RunId), "Retry failed", "btn-default sync-clear-run", fields: new Dictionary<string, string> { ["onlyFailed"] = "true" });
            Markup("</td></tr>");
        }
        Markup("</tbody></table>");
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
