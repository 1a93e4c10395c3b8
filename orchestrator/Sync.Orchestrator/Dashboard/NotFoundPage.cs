namespace Sync.Orchestrator.Dashboard;

/// <summary>Says what was not found (an unknown DAG or run), inside the dashboard's layout.</summary>
public sealed class NotFoundPage(string message) : SyncDashboardPage("Not found")
{
    public string Message { get; } = message;

    protected override void RenderContent()
    {
        Markup("<div class=\"alert alert-warning sync-not-found\">");
        Text(Message);
        Markup("</div><p>");
        Link(DashboardPaths.Dags, "All DAGs");
        Markup("</p>");
    }
}
