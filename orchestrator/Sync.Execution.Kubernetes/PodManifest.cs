using System.Text;
using k8s.Models;
using Sync.Tasks;

namespace Sync.Execution.Kubernetes;

/// <summary>
/// Builds the pod of one task attempt. Only core v1 fields that Kubernetes 1.20 already has are set: one container
/// running the worker with <c>task run --spec-json &lt;json&gt;</c>, restartPolicy Never, activeDeadlineSeconds from the
/// launch timeout (the kubelet enforces it even while no orchestrator watches), non-root with a read-only root
/// filesystem and a size-limited <c>/tmp</c>, no service account token, credentials only as <c>secretKeyRef</c>.
/// </summary>
public static class PodManifest
{
    /// <summary>Longest spec JSON passed as one argument: Linux refuses a single argument of 128 KiB or more.</summary>
    public const int MaxSpecArgumentBytes = 128 * 1024 - 1;

    public const string SpecArgument = "--spec-json";
    public const string TmpVolume = "tmp";

    public static V1Pod Build(TaskLaunch launch, ResourceSpec resources, KubernetesExecutorOptions options)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(options);
        var spec = launch.Spec;
        var attemptKey = launch.AttemptKey;
        var image = launch.Image ?? options.Image
            ?? throw new PodManifestException(attemptKey, "no container image: the launch names none and the executor has no default Image");
        var specJson = TaskJson.Serialize(spec);
        var specBytes = Encoding.UTF8.GetByteCount(specJson);
        if (specBytes > MaxSpecArgumentBytes)
            throw new PodManifestException(attemptKey, $"the TaskSpec JSON is {specBytes} bytes, over the {MaxSpecArgumentBytes}-byte limit of one container argument");

        var userId = options.RunAsUser;
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = PodNames.ForAttempt(spec),
                NamespaceProperty = options.Namespace,
                Labels = PodLabels.For(spec, options.Instance),
                Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [PodLabels.AttemptKeyAnnotation] = attemptKey },
            },
            Spec = new V1PodSpec
            {
                RestartPolicy = "Never",
                ActiveDeadlineSeconds = DeadlineSeconds(launch.Timeout),
                ServiceAccountName = options.ServiceAccountName,
                AutomountServiceAccountToken = false,
                EnableServiceLinks = false,
                NodeSelector = options.NodeSelector.Count > 0 ? new Dictionary<string, string>(options.NodeSelector) : null,
                Tolerations = options.Tolerations.Count > 0
                    ? options.Tolerations.Select(t => new V1Toleration
                    {
                        Key = t.Key, OperatorProperty = t.Operator, Value = t.Value, Effect = t.Effect, TolerationSeconds = t.TolerationSeconds,
                    }).ToList()
                    : null,
                SecurityContext = new V1PodSecurityContext
                {
                    RunAsNonRoot = true,
                    RunAsUser = userId,
                    RunAsGroup = userId,
                    FsGroup = userId,
                    SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                },
                Containers =
                [
                    new V1Container
                    {
                        Name = KubernetesExecutorOptions.DefaultContainerName,
                        Image = image,
                        Command = options.Command?.ToList(),
                        Args = ["task", "run", SpecArgument, specJson],
                        Env = Environment(launch, options),
                        Resources = KubernetesResources.ToRequirements(resources),
                        VolumeMounts = [new V1VolumeMount { Name = TmpVolume, MountPath = "/tmp" }],
                        SecurityContext = new V1SecurityContext
                        {
                            RunAsNonRoot = true,
                            RunAsUser = userId,
                            AllowPrivilegeEscalation = false,
                            ReadOnlyRootFilesystem = true,
                            Capabilities = new V1Capabilities { Drop = ["ALL"] },
                        },
                    },
                ],
                Volumes =
                [
                    new V1Volume
                    {
                        Name = TmpVolume,
                        EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity(KubernetesResources.FormatBytes(options.TmpSizeLimitBytes)) },
                    },
                ],
            },
        };
    }

    /// <summary>
    /// The launch's plain settings, then every connection the spec names as <c>SYNC_CONNECTION_&lt;NAME&gt;</c> from its
    /// Secret, then the executor's secret environment. A named connection with neither a Secret nor a plain value fails
    /// the launch here rather than in the worker.
    /// </summary>
    private static List<V1EnvVar> Environment(TaskLaunch launch, KubernetesExecutorOptions options)
    {
        var env = new List<V1EnvVar>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in launch.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            env.Add(new V1EnvVar { Name = name, Value = value });
            names.Add(name);
        }
        foreach (var connection in ConnectionsOf(launch.Spec))
        {
            var variable = ConnectionResolver.EnvironmentVariableFor(connection);
            if (names.Contains(variable)) continue;
            if (!options.ConnectionSecrets.TryGetValue(connection, out var secret))
                throw new PodManifestException(launch.AttemptKey, $"connection '{connection}' has no Secret in the executor's ConnectionSecrets and no {variable} in the launch environment");
            env.Add(SecretVariable(variable, secret));
            names.Add(variable);
        }
        foreach (var (variable, secret) in options.SecretEnvironment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (names.Add(variable)) env.Add(SecretVariable(variable, secret));
        }
        return env;
    }

    private static IEnumerable<string> ConnectionsOf(TaskSpec spec)
    {
        if (spec.FeatureSync is { } featureSync)
        {
            yield return featureSync.StateConnection;
            if (featureSync.SourceConnection is { Length: > 0 } online && online != featureSync.StateConnection) yield return online;
        }
        if (spec.Table is not { } table) yield break;
        yield return table.TargetConnection;
        if (table.SourceConnection is { Length: > 0 } source && source != table.TargetConnection) yield return source;
    }

    private static V1EnvVar SecretVariable(string name, SecretKeyReference secret) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret.SecretName, Key = secret.Key } },
    };

    private static long? DeadlineSeconds(TimeSpan timeout) =>
        timeout <= TimeSpan.Zero || timeout == Timeout.InfiniteTimeSpan ? null : (long)Math.Ceiling(timeout.TotalSeconds);
}
