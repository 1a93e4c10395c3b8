using k8s.Models;

namespace Sync.Execution.Kubernetes;

/// <summary>
/// The <c>Sync:Kubernetes</c> configuration section as the Helm chart writes it (Kubernetes-shaped resources and
/// tolerations, quantities as strings), bindable with <c>IConfiguration.Get&lt;KubernetesExecutorSettings&gt;()</c>.
/// <see cref="ToOptions"/> turns it into validated <see cref="KubernetesExecutorOptions"/>.
/// </summary>
public sealed class KubernetesExecutorSettings
{
    /// <summary>Key of the access key in <see cref="ObjectStoreCredentialsSecret"/>.</summary>
    public const string AccessKeyKey = "access-key";

    /// <summary>Key of the secret key in <see cref="ObjectStoreCredentialsSecret"/>.</summary>
    public const string SecretKeyKey = "secret-key";

    public string? Namespace { get; set; }

    /// <summary>API server URL; empty: in-cluster service account, else kubeconfig.</summary>
    public string? ApiServer { get; set; }

    public string? Image { get; set; }

    /// <summary>Container command running the worker, e.g. <c>["dotnet", "/app/worker/Sync.Worker.dll"]</c>.</summary>
    public List<string>? WorkerCommand { get; set; }

    public string? ServiceAccountName { get; set; }

    /// <summary><c>requests</c>/<c>limits</c> maps of <c>cpu</c> and <c>memory</c> quantities, as in a pod spec.</summary>
    public ResourceSettings? Resources { get; set; }

    /// <summary>Memory quantity (e.g. <c>8Gi</c>) no pod exceeds, also after OOMKilled.</summary>
    public string? MaxMemory { get; set; }

    public Dictionary<string, string>? NodeSelector { get; set; }

    public List<PodToleration>? Tolerations { get; set; }

    /// <summary>Only <c>runAsUser</c> is taken; the rest of the hardening is always applied.</summary>
    public SecurityContextSettings? SecurityContext { get; set; }

    /// <summary>Connection name → Secret holding its connection string.</summary>
    public Dictionary<string, ConnectionSecretSettings>? ConnectionSecrets { get; set; }

    /// <summary>Secret with keys <c>access-key</c> and <c>secret-key</c>, given to pods as <c>SYNC_S3_ACCESS_KEY</c>/<c>SYNC_S3_SECRET_KEY</c>.</summary>
    public string? ObjectStoreCredentialsSecret { get; set; }

    /// <summary>Local folder for pod logs (when no object-store log prefix is used).</summary>
    public string? LogFolder { get; set; }

    /// <summary>Object-store prefix the orchestrator copies pod logs under (e.g. <c>oss://bucket/sync/logs</c>).</summary>
    public string? LogPrefix { get; set; }

    /// <summary>Value of the <c>sync/instance</c> label; orphan cleanup touches only this instance's pods.</summary>
    public string? Instance { get; set; }

    public TimeSpan? WatchTimeout { get; set; }

    public KubernetesExecutorOptions ToOptions()
    {
        var defaults = new KubernetesExecutorOptions();
        var secretEnvironment = new Dictionary<string, SecretKeyReference>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(ObjectStoreCredentialsSecret))
        {
            secretEnvironment["SYNC_S3_ACCESS_KEY"] = new SecretKeyReference(ObjectStoreCredentialsSecret, AccessKeyKey);
            secretEnvironment["SYNC_S3_SECRET_KEY"] = new SecretKeyReference(ObjectStoreCredentialsSecret, SecretKeyKey);
        }
        var options = defaults with
        {
            Namespace = Empty(Namespace) ?? defaults.Namespace,
            ApiServer = Empty(ApiServer),
            Image = Empty(Image),
            Command = WorkerCommand is { Count: > 0 } command ? command.ToList() : null,
            ServiceAccountName = Empty(ServiceAccountName),
            DefaultResources = Resources is null ? defaults.DefaultResources : Resources.ToResourceSpec(),
            MaxMemoryBytes = Empty(MaxMemory) is { } max ? Bytes(max, nameof(MaxMemory)) : defaults.MaxMemoryBytes,
            NodeSelector = NodeSelector ?? new Dictionary<string, string>(),
            Tolerations = Tolerations ?? [],
            RunAsUser = SecurityContext?.RunAsUser ?? defaults.RunAsUser,
            ConnectionSecrets = (ConnectionSecrets ?? []).ToDictionary(
                c => c.Key, c => new SecretKeyReference(c.Value.SecretName ?? "", c.Value.SecretKey ?? ConnectionSecretSettings.DefaultSecretKey), StringComparer.Ordinal),
            SecretEnvironment = secretEnvironment,
            LogFolder = Empty(LogFolder) ?? defaults.LogFolder,
            Instance = Empty(Instance) ?? defaults.Instance,
            WatchTimeout = WatchTimeout ?? defaults.WatchTimeout,
        };
        options.Validate();
        return options;
    }

    internal static long Bytes(string quantity, string setting)
    {
        try
        {
            return new ResourceQuantity(quantity).ToInt64();
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"Sync:Kubernetes:{setting} '{quantity}' is not a Kubernetes quantity (e.g. 512Mi, 2Gi)", setting, ex);
        }
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
