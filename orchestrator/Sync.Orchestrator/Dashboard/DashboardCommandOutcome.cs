namespace Sync.Orchestrator.Dashboard;

/// <summary>What a dashboard action did: the message shown after it, and the page to show it on.</summary>
public sealed record DashboardCommandOutcome(string Message, string RedirectPath);
