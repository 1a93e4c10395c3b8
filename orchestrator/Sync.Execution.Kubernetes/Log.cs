using Microsoft.Extensions.Logging;

namespace Sync.Execution.Kubernetes;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Created pod {Pod} in {Namespace} for attempt {AttemptKey}")]
    public static partial void PodCreated(ILogger logger, string pod, string @namespace, string attemptKey);

    [LoggerMessage(2, LogLevel.Information, "Adopted running pod {Pod} for attempt {AttemptKey} instead of creating a second one")]
    public static partial void PodAdopted(ILogger logger, string pod, string attemptKey);

    [LoggerMessage(3, LogLevel.Information, "Pod {Pod} of attempt {AttemptKey} ended: phase {Phase}, exit code {ExitCode}, reason {Reason}")]
    public static partial void PodEnded(ILogger logger, string pod, string attemptKey, string? phase, int exitCode, string? reason);

    [LoggerMessage(4, LogLevel.Warning, "Attempt {AttemptKey} timed out after {Timeout}; deleting pod {Pod}")]
    public static partial void PodTimedOut(ILogger logger, string attemptKey, TimeSpan timeout, string pod);

    [LoggerMessage(5, LogLevel.Information, "Attempt {AttemptKey} cancelled; deleting pod {Pod}")]
    public static partial void PodCancelled(ILogger logger, string attemptKey, string pod);

    [LoggerMessage(6, LogLevel.Debug, "Watch of pod {Pod} ended; resuming from resourceVersion {ResourceVersion}")]
    public static partial void WatchResumed(ILogger logger, string pod, string? resourceVersion);

    [LoggerMessage(7, LogLevel.Information, "Watch of pod {Pod} expired (410 Gone); reading the pod again")]
    public static partial void WatchExpired(ILogger logger, string pod);

    [LoggerMessage(8, LogLevel.Warning, "Watch of pod {Pod} failed (attempt {Failures}); retrying in {Delay}")]
    public static partial void WatchFailed(ILogger logger, Exception exception, string pod, int failures, TimeSpan delay);

    [LoggerMessage(9, LogLevel.Warning, "Could not save the log of pod {Pod} (attempt {AttemptKey}); the pod is kept for inspection")]
    public static partial void LogNotSaved(ILogger logger, Exception exception, string pod, string attemptKey);

    [LoggerMessage(10, LogLevel.Information, "Deleted orphaned pod {Pod} (attempt {AttemptKey} is not active)")]
    public static partial void OrphanDeleted(ILogger logger, string pod, string? attemptKey);

    [LoggerMessage(11, LogLevel.Warning, "Could not delete pod {Pod}")]
    public static partial void DeleteFailed(ILogger logger, Exception exception, string pod);
}
