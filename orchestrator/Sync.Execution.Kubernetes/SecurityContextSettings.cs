namespace Sync.Execution.Kubernetes;

/// <summary>The part of the chart's worker securityContext the executor takes: the user id the worker runs as.</summary>
public sealed class SecurityContextSettings
{
    public long? RunAsUser { get; set; }
}
