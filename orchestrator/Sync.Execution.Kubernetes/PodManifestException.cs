namespace Sync.Execution.Kubernetes;

/// <summary>A launch cannot become a pod (unmapped connection, spec too large, no image): retrying will not help.</summary>
public sealed class PodManifestException : Exception
{
    public PodManifestException(string attemptKey, string message)
        : base($"attempt {attemptKey}: {message}")
    {
        AttemptKey = attemptKey;
    }

    /// <summary>The attempt whose pod could not be built.</summary>
    public string AttemptKey { get; }
}
