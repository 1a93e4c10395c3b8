namespace Sync.Dags;

/// <summary>What a task's pod gets (Kubernetes executor); ignored by the local executor.</summary>
public sealed record PodResources
{
    public string? Image { get; init; }

    /// <summary>CPU request, Kubernetes quantity (e.g. "500m", "1").</summary>
    public string? Cpu { get; init; }

    /// <summary>CPU limit, Kubernetes quantity.</summary>
    public string? CpuLimit { get; init; }

    /// <summary>Memory request in bytes (written as "512Mi", "2Gi" in YAML).</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>Memory limit in bytes.</summary>
    public long? MemoryLimitBytes { get; init; }
}
