using k8s.Models;

namespace Sync.Execution.Kubernetes;

/// <summary>How watching a pod ended: the last state seen, and whether the pod is gone.</summary>
/// <param name="Pod">Last state seen (null if the pod was never seen).</param>
/// <param name="Deleted">The pod was deleted (or not found) before it reached a state the watcher waited for.</param>
internal readonly record struct PodWatchResult(V1Pod? Pod, bool Deleted);
