using System.Text.Json;
using Sync.Tasks;

namespace Sync.Execution.Kubernetes.Tests;

public sealed class PodManifestTests : IAsyncLifetime
{
    /// <summary>
    /// Every field path the executor sets, each one a core v1 Pod field that Kubernetes 1.20 already has
    /// (maps of user keys such as labels end at the map). Adding a field to the pod means adding it here on purpose.
    /// </summary>
    private static readonly HashSet<string> Kubernetes120Fields =
    [
        "apiVersion", "kind",
        "metadata.name", "metadata.namespace", "metadata.labels", "metadata.annotations",
        "spec.restartPolicy", "spec.activeDeadlineSeconds", "spec.serviceAccountName", "spec.automountServiceAccountToken",
        "spec.enableServiceLinks", "spec.nodeSelector",
        "spec.tolerations[].key", "spec.tolerations[].operator", "spec.tolerations[].value", "spec.tolerations[].effect",
        "spec.tolerations[].tolerationSeconds",
        "spec.securityContext.runAsNonRoot", "spec.securityContext.runAsUser", "spec.securityContext.runAsGroup",
        "spec.securityContext.fsGroup", "spec.securityContext.seccompProfile.type",
        "spec.containers[].name", "spec.containers[].image", "spec.containers[].command[]", "spec.containers[].args[]",
        "spec.containers[].env[].name", "spec.containers[].env[].value",
        "spec.containers[].env[].valueFrom.secretKeyRef.name", "spec.containers[].env[].valueFrom.secretKeyRef.key",
        "spec.containers[].resources.requests", "spec.containers[].resources.limits",
        "spec.containers[].volumeMounts[].name", "spec.containers[].volumeMounts[].mountPath",
        "spec.containers[].securityContext.runAsNonRoot", "spec.containers[].securityContext.runAsUser",
        "spec.containers[].securityContext.allowPrivilegeEscalation", "spec.containers[].securityContext.readOnlyRootFilesystem",
        "spec.containers[].securityContext.capabilities.drop[]",
        "spec.volumes[].name", "spec.volumes[].emptyDir.sizeLimit",
    ];

    private static readonly HashSet<string> UserKeyedMaps =
    [
        "metadata.labels", "metadata.annotations", "spec.nodeSelector",
        "spec.containers[].resources.requests", "spec.containers[].resources.limits",
    ];

    private FakeCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await FakeCluster.StartAsync(new Dictionary<string, string>
    {
        ["test/success"] = """echo '{"status":"success"}'""",
    });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Build_SetsOnlyKubernetes120CoreFields_WhenEveryOptionIsUsed()
    {
        _cluster.Server.AddSecret(FakeCluster.Namespace, "warehouse", new Dictionary<string, string> { ["dsn"] = "x" });
        _cluster.Server.AddSecret(FakeCluster.Namespace, "oss", new Dictionary<string, string> { ["access-key"] = "a" });
        var options = _cluster.Options(o => o with
        {
            Command = ["/bin/sh", "-c", "echo '{\"status\":\"success\"}'"],
            ServiceAccountName = "sync-worker",
            NodeSelector = new Dictionary<string, string> { ["pool"] = "etl" },
            Tolerations = [new PodToleration { Key = "dedicated", Value = "etl", Effect = "NoSchedule" }, new PodToleration { Operator = "Exists", Effect = "NoExecute", TolerationSeconds = 60 }],
            ConnectionSecrets = new Dictionary<string, SecretKeyReference> { ["warehouse"] = new("warehouse", "dsn") },
            SecretEnvironment = new Dictionary<string, SecretKeyReference> { ["SYNC_S3_ACCESS_KEY"] = new("oss", "access-key") },
        });
        var launch = FakeCluster.Launch("start", kind: TaskKinds.TableStart, resources: new ResourceSpec { CpuLimit = "2" },
            table: new TableSyncSpec { Source = "s3://b/t", TargetConnection = "warehouse", TargetDatabase = "dw", TargetTable = "t" }) with
        {
            Environment = new Dictionary<string, string> { ["SYNC_S3_ENDPOINT"] = "http://127.0.0.1:9000" },
        };

        var outcome = await _cluster.Executor(options).RunAsync(launch, CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Error);

        // The pod as the API server received it, not as the client library holds it.
        using var body = JsonDocument.Parse(_cluster.Server.RecordedCalls.Single(c => c.Verb == "create").Body!);
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        Collect(body.RootElement, "", paths);
        var unexpected = paths.Where(p => !Kubernetes120Fields.Contains(p)).ToList();
        Assert.True(unexpected.Count == 0, "fields outside the deliberate 1.20 set: " + string.Join(", ", unexpected));
        Assert.Equal(Kubernetes120Fields.Order(StringComparer.Ordinal), paths);

        var spec = body.RootElement.GetProperty("spec");
        Assert.Equal("Never", spec.GetProperty("restartPolicy").GetString());
        Assert.Equal(120, spec.GetProperty("activeDeadlineSeconds").GetInt64());
        var container = spec.GetProperty("containers")[0];
        Assert.True(container.GetProperty("securityContext").GetProperty("readOnlyRootFilesystem").GetBoolean());
        Assert.True(spec.GetProperty("securityContext").GetProperty("runAsNonRoot").GetBoolean());
        Assert.Equal("/bin/sh", container.GetProperty("command")[0].GetString());
        Assert.Equal("--spec-json", container.GetProperty("args")[2].GetString());
    }

    [Fact]
    public void Build_GivesAFeatureSyncPodItsTwoConnectionsAndNoDeadline()
    {
        var launch = new TaskLaunch
        {
            Spec = new TaskSpec
            {
                Kind = TaskKinds.FeatureSync,
                DagId = "@feature-sync",
                RunId = "user_features",
                TaskId = "p3",
                Attempt = 2,
                FeatureSync = new FeatureSyncSpec { Job = "user_features", Partition = 3, StateConnection = "sync-state", SourceConnection = "online-store" },
            },
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var options = new KubernetesExecutorOptions
        {
            Image = "sync:1",
            ConnectionSecrets = new Dictionary<string, SecretKeyReference>
            {
                ["sync-state"] = new("feature-state", "connection-string"),
                ["online-store"] = new("online", "connection-string"),
            },
        };

        var pod = PodManifest.Build(launch, new ResourceSpec(), options);

        Assert.Null(pod.Spec.ActiveDeadlineSeconds);
        var env = pod.Spec.Containers.Single().Env;
        Assert.Equal("feature-state", env.Single(e => e.Name == "SYNC_CONNECTION_SYNC_STATE").ValueFrom.SecretKeyRef.Name);
        Assert.Equal("online", env.Single(e => e.Name == "SYNC_CONNECTION_ONLINE_STORE").ValueFrom.SecretKeyRef.Name);
        Assert.StartsWith("sync-feature-sync-p3-2-", pod.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal("@feature-sync/user_features/p3/2", pod.Metadata.Annotations[PodLabels.AttemptKeyAnnotation]);
    }

    [Fact]
    public void Build_Throws_WhenSpecIsTooLargeForOneArgument()
    {
        var files = Enumerable.Range(0, 2000).Select(i => new BatchFile { Uri = $"oss://bucket/warehouse/orders/dt=2026-11-{i % 28 + 1:00}/part-{i:00000}-{Guid.NewGuid()}.orc", Size = 1 }).ToList();
        var launch = FakeCluster.Launch("finish", kind: TaskKinds.TableFinish) with
        {
            Spec = FakeCluster.Launch("finish").Spec with { AllBatches = [new BatchSpec { Index = 1, Files = files }] },
        };
        var options = new KubernetesExecutorOptions { Image = "sync:1" };

        var ex = Assert.Throws<PodManifestException>(() => PodManifest.Build(launch, new ResourceSpec(), options));

        Assert.Contains("TaskSpec JSON is", ex.Message, StringComparison.Ordinal);
        Assert.Equal(launch.AttemptKey, ex.AttemptKey);
    }

    private static void Collect(JsonElement element, string path, ISet<string> paths)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when !UserKeyedMaps.Contains(path):
                foreach (var property in element.EnumerateObject())
                    Collect(property.Value, path.Length == 0 ? property.Name : path + "." + property.Name, paths);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) Collect(item, path + "[]", paths);
                break;
            default:
                paths.Add(path);
                break;
        }
    }
}
