namespace Sync.Orchestrator.Dashboard;

/// <summary>Paths of our pages inside the Hangfire dashboard (relative to its mount point, e.g. <c>/hangfire</c>).</summary>
public static class DashboardPaths
{
    public const string Dags = "/sync/dags";

    public const string FeatureSync = "/sync/feature-sync";

    public static string Dag(string dagId) => $"{Dags}/{Escape(dagId)}";

    public static string Trigger(string dagId) => $"{Dag(dagId)}/trigger";

    public static string Pause(string dagId) => $"{Dag(dagId)}/pause";

    public static string Unpause(string dagId) => $"{Dag(dagId)}/unpause";

    public static string Run(string dagId, string runId) => $"{Dag(dagId)}/runs/{Escape(runId)}";

    public static string ClearRun(string dagId, string runId) => $"{Run(dagId, runId)}/clear";

    public static string ClearTask(string dagId, string runId, string taskId) => $"{Run(dagId, runId)}/tasks/{Escape(taskId)}/clear";

    public static string TaskLog(string dagId, string runId, string taskId) => $"{Run(dagId, runId)}/tasks/{Escape(taskId)}/log";

    // Route patterns Hangfire matches against the decoded request path.
    internal const string Segment = "[^/]+";
    internal const string DagsPattern = Dags;
    internal const string FeatureSyncPattern = FeatureSync;
    internal const string DagPattern = Dags + "/(?<dag>" + Segment + ")";
    internal const string TriggerPattern = DagPattern + "/trigger";
    internal const string PausePattern = DagPattern + "/(?<action>pause|unpause)";
    internal const string RunPattern = DagPattern + "/runs/(?<run>" + Segment + ")";
    internal const string ClearRunPattern = RunPattern + "/clear";
    internal const string ClearTaskPattern = RunPattern + "/tasks/(?<task>" + Segment + ")/clear";
    internal const string TaskLogPattern = RunPattern + "/tasks/(?<task>" + Segment + ")/log";

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
