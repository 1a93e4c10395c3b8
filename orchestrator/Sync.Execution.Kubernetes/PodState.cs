using k8s.Models;

namespace Sync.Execution.Kubernetes;

/// <summary>Reads what a pod's status means for the attempt.</summary>
internal static class PodState
{
    /// <summary>Waiting reasons that need someone to change the configuration: waiting longer will not help.</summary>
    private static readonly HashSet<string> StuckReasons = new(StringComparer.Ordinal)
    {
        "CreateContainerConfigError", "InvalidImageName", "ErrImageNeverPull",
    };

    public static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    /// <summary>The container cannot start until someone fixes its configuration (missing Secret or key, bad image name).</summary>
    public static V1ContainerStateWaiting? StuckWaiting(V1Pod pod) =>
        pod.Status?.ContainerStatuses?.Select(s => s.State?.Waiting).FirstOrDefault(w => w?.Reason is { } r && StuckReasons.Contains(r));

    public static bool IsDone(V1Pod pod) => IsTerminal(pod) || StuckWaiting(pod) is not null;

    public static V1ContainerStateTerminated? Terminated(V1Pod pod) =>
        pod.Status?.ContainerStatuses?.FirstOrDefault(s => s.Name == KubernetesExecutorOptions.DefaultContainerName)?.State?.Terminated
        ?? pod.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Terminated;

    /// <summary>The container started, so the pod has a log worth keeping.</summary>
    public static bool HasStarted(V1Pod pod) =>
        pod.Status?.ContainerStatuses?.Any(s => s.State?.Running is not null || s.State?.Terminated is not null) == true;
}
