namespace Sync.Execution.Kubernetes;

/// <summary>Keeps the log of a task pod after the pod is deleted.</summary>
public interface IPodLogSink
{
    /// <summary>Copies <paramref name="log"/> (the pod's whole log) and returns where it can be read afterwards.</summary>
    Task<string> SaveAsync(TaskLaunch launch, string podName, Stream log, CancellationToken cancellationToken);
}
