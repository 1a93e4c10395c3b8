using Sync.Metadata;

namespace Sync.Orchestrator.Api;

/// <summary>The names states go by in the API, the CLI and the dashboard (snake_case, as operators type them).</summary>
public static class StateNames
{
    public static string Of(TaskState state) => state switch
    {
        TaskState.None => "none",
        TaskState.Scheduled => "scheduled",
        TaskState.Queued => "queued",
        TaskState.Running => "running",
        TaskState.Success => "success",
        TaskState.Failed => "failed",
        TaskState.UpForRetry => "up_for_retry",
        TaskState.UpstreamFailed => "upstream_failed",
        TaskState.Skipped => "skipped",
        _ => state.ToString().ToLowerInvariant(),
    };

    public static string Of(DagRunState state) => state switch
    {
        DagRunState.Queued => "queued",
        DagRunState.Running => "running",
        DagRunState.Success => "success",
        DagRunState.Failed => "failed",
        _ => state.ToString().ToLowerInvariant(),
    };

    /// <summary>Parses a run state name as <see cref="Of(DagRunState)"/> writes it (case-insensitive).</summary>
    public static bool TryParseRunState(string? name, out DagRunState state)
    {
        foreach (var candidate in Enum.GetValues<DagRunState>())
        {
            if (string.Equals(Of(candidate), name, StringComparison.OrdinalIgnoreCase))
            {
                state = candidate;
                return true;
            }
        }
        state = default;
        return false;
    }
}
