namespace Sync.Execution.Kubernetes;

/// <summary>The Secret (and key) holding one named connection's connection string.</summary>
public sealed class ConnectionSecretSettings
{
    /// <summary>Key used when <see cref="SecretKey"/> is not set, as in the Helm chart.</summary>
    public const string DefaultSecretKey = "connection-string";

    public string? SecretName { get; set; }

    public string? SecretKey { get; set; }
}
