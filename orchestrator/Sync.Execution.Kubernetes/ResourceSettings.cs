namespace Sync.Execution.Kubernetes;

/// <summary>Pod-spec shaped resources: <c>requests</c> and <c>limits</c> maps of <c>cpu</c> and <c>memory</c> quantities.</summary>
public sealed class ResourceSettings
{
    public Dictionary<string, string>? Requests { get; set; }

    public Dictionary<string, string>? Limits { get; set; }

    public ResourceSpec ToResourceSpec() => new()
    {
        CpuRequest = Requests?.GetValueOrDefault("cpu"),
        CpuLimit = Limits?.GetValueOrDefault("cpu"),
        MemoryRequestBytes = Requests?.GetValueOrDefault("memory") is { } request ? KubernetesExecutorSettings.Bytes(request, "Resources:Requests:memory") : null,
        MemoryLimitBytes = Limits?.GetValueOrDefault("memory") is { } limit ? KubernetesExecutorSettings.Bytes(limit, "Resources:Limits:memory") : null,
    };
}
