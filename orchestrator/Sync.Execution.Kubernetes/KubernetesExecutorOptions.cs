using Sync.Tasks;

namespace Sync.Execution.Kubernetes;

/// <summary>Where and how the Kubernetes executor runs task pods.</summary>
public sealed record KubernetesExecutorOptions
{
    public const string DefaultNamespace = "default";
    public const string DefaultInstance = "sync";
    public const string DefaultContainerName = "worker";
    public const long DefaultRunAsUser = 10001;
    public const long DefaultMemoryBaseBytes = 256L * 1024 * 1024;
    public const double DefaultMemoryPerBatchByte = 3.0;
    public const long DefaultMaxMemoryBytes = 16L * 1024 * 1024 * 1024;
    public const long DefaultTmpSizeLimitBytes = 2L * 1024 * 1024 * 1024;
    public static readonly TimeSpan DefaultWatchTimeout = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DefaultApiTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Namespace the task pods run in.</summary>
    public string Namespace { get; init; } = DefaultNamespace;

    /// <summary>API server URL; null: in-cluster configuration when running in a pod, else the kubeconfig file.</summary>
    public string? ApiServer { get; init; }

    /// <summary>Worker image used when <see cref="TaskLaunch.Image"/> is null.</summary>
    public string? Image { get; init; }

    /// <summary>Container command (replaces the image's ENTRYPOINT); null keeps the entrypoint, which must be the worker.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>Service account of the task pods; null: the namespace's default.</summary>
    public string? ServiceAccountName { get; init; }

    public IReadOnlyDictionary<string, string> NodeSelector { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<PodToleration> Tolerations { get; init; } = [];

    /// <summary>Resources of a task whose launch asks for none; a launch's own values win field by field.</summary>
    public ResourceSpec DefaultResources { get; init; } = new()
    {
        CpuRequest = "500m",
        MemoryRequestBytes = 512L * 1024 * 1024,
        MemoryLimitBytes = 1024L * 1024 * 1024,
    };

    /// <summary>
    /// Connection name → Secret key. A task that names a connection gets it as <c>SYNC_CONNECTION_&lt;NAME&gt;</c>
    /// from the Secret (see <see cref="ConnectionResolver"/>); the connection string never appears in the pod spec.
    /// </summary>
    public IReadOnlyDictionary<string, SecretKeyReference> ConnectionSecrets { get; init; } = new Dictionary<string, SecretKeyReference>();

    /// <summary>Further environment variables from Secrets given to every task (e.g. <c>SYNC_S3_SECRET_KEY</c>).</summary>
    public IReadOnlyDictionary<string, SecretKeyReference> SecretEnvironment { get; init; } = new Dictionary<string, SecretKeyReference>();

    /// <summary>Folder the pod logs are copied to before the pods are deleted.</summary>
    public string LogFolder { get; init; } = Path.Combine(Path.GetTempPath(), "sync-pod-logs");

    /// <summary>Server-side timeout of one watch request; the executor reconnects from the last resourceVersion after it.</summary>
    public TimeSpan WatchTimeout { get; init; } = DefaultWatchTimeout;

    /// <summary>Timeout of one non-watch API call (create, get, delete, log).</summary>
    public TimeSpan ApiTimeout { get; init; } = DefaultApiTimeout;

    /// <summary>Value of the <c>sync/instance</c> label: orphan cleanup only ever touches pods of its own instance.</summary>
    public string Instance { get; init; } = DefaultInstance;

    /// <summary>User and group id the worker runs as (the pods run as non-root).</summary>
    public long RunAsUser { get; init; } = DefaultRunAsUser;

    /// <summary>Memory of a batch pod: base + factor × batch bytes (see <see cref="KubernetesResources.ForLaunch"/>).</summary>
    public long MemoryBaseBytes { get; init; } = DefaultMemoryBaseBytes;

    /// <summary>Memory per byte of ORC input in a batch (decompressed stripe plus its Arrow batches).</summary>
    public double MemoryPerBatchByte { get; init; } = DefaultMemoryPerBatchByte;

    /// <summary>No pod gets more memory than this, however big its batch or however often it was OOMKilled.</summary>
    public long MaxMemoryBytes { get; init; } = DefaultMaxMemoryBytes;

    /// <summary>Size limit of the writable <c>/tmp</c> volume (the root filesystem is read-only).</summary>
    public long TmpSizeLimitBytes { get; init; } = DefaultTmpSizeLimitBytes;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        if (!PodNames.IsDnsLabel(Namespace))
            throw new ArgumentException($"Namespace '{Namespace}' is not a valid namespace name (RFC 1123 label)", nameof(Namespace));
        if (ApiServer is not null && !Uri.TryCreate(ApiServer, UriKind.Absolute, out _))
            throw new ArgumentException($"ApiServer '{ApiServer}' is not an absolute URL", nameof(ApiServer));
        if (Image is { Length: 0 }) throw new ArgumentException("Image must not be empty (null: every launch names its image)", nameof(Image));
        if (Command is { Count: 0 }) throw new ArgumentException("Command must not be empty (null keeps the image entrypoint)", nameof(Command));
        if (ServiceAccountName is not null && !PodNames.IsDnsSubdomain(ServiceAccountName))
            throw new ArgumentException($"ServiceAccountName '{ServiceAccountName}' is not a valid name", nameof(ServiceAccountName));
        foreach (var (key, value) in NodeSelector)
        {
            if (!PodLabels.IsValidKey(key) || !PodLabels.IsValidValue(value))
                throw new ArgumentException($"NodeSelector entry '{key}={value}' is not a valid label", nameof(NodeSelector));
        }
        foreach (var t in Tolerations)
        {
            if (t.Operator is not ("Equal" or "Exists"))
                throw new ArgumentException($"Tolerations: operator '{t.Operator}' of key '{t.Key}' must be Equal or Exists", nameof(Tolerations));
            if (t.Effect is not (null or "NoSchedule" or "PreferNoSchedule" or "NoExecute"))
                throw new ArgumentException($"Tolerations: effect '{t.Effect}' of key '{t.Key}' must be NoSchedule, PreferNoSchedule or NoExecute", nameof(Tolerations));
        }
        foreach (var (name, secret) in ConnectionSecrets.Concat(SecretEnvironment))
        {
            if (!PodNames.IsDnsSubdomain(secret.SecretName) || string.IsNullOrEmpty(secret.Key))
                throw new ArgumentException($"secret reference for '{name}' names an invalid secret '{secret.SecretName}' or an empty key", nameof(ConnectionSecrets));
        }
        if (string.IsNullOrWhiteSpace(LogFolder)) throw new ArgumentException("LogFolder must be set", nameof(LogFolder));
        if (WatchTimeout < TimeSpan.FromSeconds(1) || WatchTimeout > TimeSpan.FromHours(1))
            throw new ArgumentOutOfRangeException(nameof(WatchTimeout), WatchTimeout, "must be between 1 second and 1 hour");
        if (ApiTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ApiTimeout), ApiTimeout, "must be positive");
        if (!PodLabels.IsValidValue(Instance) || Instance.Length == 0)
            throw new ArgumentException($"Instance '{Instance}' is not a valid label value", nameof(Instance));
        if (RunAsUser <= 0) throw new ArgumentOutOfRangeException(nameof(RunAsUser), RunAsUser, "must be a non-root user id (> 0)");
        if (MemoryBaseBytes <= 0) throw new ArgumentOutOfRangeException(nameof(MemoryBaseBytes), MemoryBaseBytes, "must be positive");
        if (!double.IsFinite(MemoryPerBatchByte) || MemoryPerBatchByte < 0)
            throw new ArgumentOutOfRangeException(nameof(MemoryPerBatchByte), MemoryPerBatchByte, "must be a finite number >= 0");
        if (MaxMemoryBytes < MemoryBaseBytes)
            throw new ArgumentOutOfRangeException(nameof(MaxMemoryBytes), MaxMemoryBytes, $"must be at least MemoryBaseBytes ({MemoryBaseBytes})");
        if (TmpSizeLimitBytes <= 0) throw new ArgumentOutOfRangeException(nameof(TmpSizeLimitBytes), TmpSizeLimitBytes, "must be positive");
    }
}
