namespace Sync.Api.Contracts;

/// <summary>Paths of the REST API, shared by the server that maps them and the clients that call them.</summary>
public static class ApiRoutes
{
    public const string Prefix = "/api/v1";

    public static string Dags => $"{Prefix}/dags";

    public static string Dag(string dagId) => $"{Prefix}/dags/{Escape(dagId)}";

    public static string Pause(string dagId) => $"{Dag(dagId)}/pause";

    public static string Unpause(string dagId) => $"{Dag(dagId)}/unpause";

    public static string Trigger(string dagId) => $"{Dag(dagId)}/trigger";

    public static string Runs(string dagId) => $"{Dag(dagId)}/runs";

    public static string Run(string dagId, string runId) => $"{Runs(dagId)}/{Escape(runId)}";

    public static string Tasks(string dagId, string runId) => $"{Run(dagId, runId)}/tasks";

    public static string ClearRun(string dagId, string runId) => $"{Run(dagId, runId)}/clear";

    public static string ClearTask(string dagId, string runId, string taskId) => $"{Tasks(dagId, runId)}/{Escape(taskId)}/clear";

    public static string TaskLog(string dagId, string runId, string taskId) => $"{Tasks(dagId, runId)}/{Escape(taskId)}/log";

    public static string ImportErrors => $"{Prefix}/import-errors";

    public static string FeatureSync => $"{Prefix}/feature-sync";

    public static string FeatureSyncJob(string jobId) => $"{FeatureSync}/{Escape(jobId)}";

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
