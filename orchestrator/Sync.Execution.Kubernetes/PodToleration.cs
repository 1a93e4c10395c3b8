namespace Sync.Execution.Kubernetes;

/// <summary>A toleration put on every task pod (core v1 <c>Toleration</c>).</summary>
public sealed record PodToleration
{
    /// <summary>Taint key to tolerate; null with <see cref="Operator"/> <c>Exists</c> tolerates every taint.</summary>
    public string? Key { get; init; }

    /// <summary><c>Equal</c> (default) or <c>Exists</c>.</summary>
    public string Operator { get; init; } = "Equal";

    public string? Value { get; init; }

    /// <summary><c>NoSchedule</c>, <c>PreferNoSchedule</c>, <c>NoExecute</c>, or null for all effects.</summary>
    public string? Effect { get; init; }

    /// <summary>For <c>NoExecute</c>: how long the pod stays bound after the taint appears.</summary>
    public long? TolerationSeconds { get; init; }
}
