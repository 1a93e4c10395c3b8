using k8s.Models;

namespace Sync.Charts.Tests;

public class HelmChartFacts
{
    [HelmFact]
    public void Lint_Passes_WithDefaultAndProductionValues()
    {
        var defaults = ChartTool.Run(ChartTool.Helm, "lint", ChartTool.ChartDir, "--strict");
        Assert.True(defaults.ExitCode == 0, defaults.Stdout + defaults.Stderr);
        var production = ChartTool.Run(ChartTool.Helm, "lint", ChartTool.ChartDir, "--strict", "-f", ChartTool.ProductionValues);
        Assert.True(production.ExitCode == 0, production.Stdout + production.Stderr);
    }

    [HelmFact]
    public void Template_RendersOnlyTypedObjects_WithDefaultValues()
    {
        var objects = ChartTool.Load(ChartTool.Template());

        Assert.All(objects, o => Assert.StartsWith("k8s.Models.", o.GetType().FullName, StringComparison.Ordinal));
        var deployment = ChartTool.Single<V1Deployment>(objects);
        Assert.Equal(1, deployment.Spec.Replicas);
        Assert.Equal("Recreate", deployment.Spec.Strategy.Type);
        ChartTool.Single<V1Service>(objects);
        ChartTool.Single<V1ServiceAccount>(objects);
        ChartTool.Single<V1Role>(objects);
        ChartTool.Single<V1RoleBinding>(objects);
        ChartTool.Single<V1PodDisruptionBudget>(objects);
        Assert.Empty(objects.OfType<V1Ingress>());
        Assert.Equal(2, objects.OfType<V1ConfigMap>().Count());
    }

    [HelmFact]
    public void Template_RendersProductionValues_WithPostgresIngressAndSecretReferences()
    {
        var objects = ChartTool.Load(ChartTool.Template("-f", ChartTool.ProductionValues));

        var deployment = ChartTool.Single<V1Deployment>(objects);
        Assert.Equal(3, deployment.Spec.Replicas);
        Assert.Equal("sync.data.example.com", ChartTool.Single<V1Ingress>(objects).Spec.Rules.Single().Host);
        var env = deployment.Spec.Template.Spec.Containers.Single().Env;
        var metadataConnection = env.Single(e => e.Name == "Sync__Metadata__ConnectionString");
        Assert.Equal("sync-metadata", metadataConnection.ValueFrom.SecretKeyRef.Name);
        var warehouse = env.Single(e => e.Name == "SYNC_CONNECTION_WAREHOUSE");
        Assert.Equal("sync-adb", warehouse.ValueFrom.SecretKeyRef.Name);
        Assert.Null(warehouse.Value);
        Assert.Equal("sync-online", env.Single(e => e.Name == "SYNC_CONNECTION_ONLINE_STORE").ValueFrom.SecretKeyRef.Name);
        var settings = objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name.EndsWith("-settings", StringComparison.Ordinal));
        Assert.Contains("\"Provider\": \"postgres\"", settings.Data["sync.json"], StringComparison.Ordinal);
    }

    [HelmFact]
    public void Template_PassesFeatureSyncSettings_WithTheStateConnectionFromItsSecret()
    {
        var objects = ChartTool.Load(ChartTool.Template("-f", ChartTool.ProductionValues, "--set", "featureSync.maxRestartBackoff=00:02:00"));

        var settings = System.Text.Json.JsonDocument.Parse(
            objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name.EndsWith("-settings", StringComparison.Ordinal)).Data["sync.json"]);
        var featureSync = settings.RootElement.GetProperty("Sync").GetProperty("FeatureSync");
        Assert.Equal("sync-state", featureSync.GetProperty("StateConnection").GetString());
        Assert.Equal("sync_state", featureSync.GetProperty("StateDatabase").GetString());
        Assert.Equal("00:02:00", featureSync.GetProperty("MaxRestartBackoff").GetString());
        // The orchestrator reads the state database itself; worker pods get the same Secret through ConnectionSecrets.
        var env = ChartTool.Single<V1Deployment>(objects).Spec.Template.Spec.Containers.Single().Env;
        Assert.Equal("sync-feature-state", env.Single(e => e.Name == "SYNC_CONNECTION_SYNC_STATE").ValueFrom.SecretKeyRef.Name);
        var secrets = settings.RootElement.GetProperty("Sync").GetProperty("Kubernetes").GetProperty("ConnectionSecrets");
        Assert.Equal("sync-feature-state", secrets.GetProperty("sync-state").GetProperty("SecretName").GetString());
    }

    [HelmFact]
    public void Template_Refuses_AFeatureSyncStateConnectionThatIsNotAConnection()
    {
        var result = ChartTool.Run(ChartTool.Helm, "template", "sync", ChartTool.ChartDir, "--set", "featureSync.stateConnection=state");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("featureSync.stateConnection is 'state' but connections has no 'state'", result.Stderr, StringComparison.Ordinal);
    }

    [HelmFact]
    public void Template_Refuses_SqliteWithSeveralReplicas()
    {
        var result = ChartTool.Run(ChartTool.Helm, "template", "sync", ChartTool.ChartDir, "--set", "replicaCount=2");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("metadata.provider is sqlite", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("metadata.provider=postgres", result.Stderr, StringComparison.Ordinal);
    }

    [HelmFact]
    public void Template_Refuses_PostgresWithoutSecret()
    {
        var result = ChartTool.Run(ChartTool.Helm, "template", "sync", ChartTool.ChartDir, "--set", "metadata.provider=postgres");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("metadata.postgres.existingSecret", result.Stderr, StringComparison.Ordinal);
    }

    [HelmFact]
    public void Schema_RejectsSecretValuesInConnections()
    {
        // A connection is a Secret reference only: a literal password in values is refused by values.schema.json.
        var result = ChartTool.Run(ChartTool.Helm, "template", "sync", ChartTool.ChartDir,
            "--set", "connections.warehouse.secretName=wh", "--set", "connections.warehouse.password=hunter2");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("password", result.Stderr, StringComparison.Ordinal);
    }

    [HelmFact]
    public void Pods_RunAsNonRootWithReadOnlyRootFilesystem()
    {
        foreach (var values in new[] { Array.Empty<string>(), new[] { "-f", ChartTool.ProductionValues } })
        {
            var objects = ChartTool.Load(ChartTool.Template(values));
            var pod = ChartTool.Single<V1Deployment>(objects).Spec.Template.Spec;
            Assert.True(pod.SecurityContext.RunAsNonRoot);
            Assert.NotEqual(0, pod.SecurityContext.RunAsUser);
            foreach (var container in pod.Containers)
            {
                Assert.True(container.SecurityContext.RunAsNonRoot);
                Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
                Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
                Assert.Equal("/healthz", container.LivenessProbe.HttpGet.Path);
                Assert.Equal("/readyz", container.ReadinessProbe.HttpGet.Path);
            }
            var settings = objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name.EndsWith("-settings", StringComparison.Ordinal));
            Assert.Contains("\"ReadOnlyRootFilesystem\": true", settings.Data["sync.json"], StringComparison.OrdinalIgnoreCase);
        }
    }

    [HelmFact]
    public void RenderedOutput_HoldsNoSecretObjectOrValue()
    {
        var rendered = ChartTool.Template("-f", ChartTool.ProductionValues);
        var objects = ChartTool.Load(rendered);

        Assert.Empty(objects.OfType<V1Secret>());
        foreach (var configMap in objects.OfType<V1ConfigMap>())
        {
            foreach (var (key, value) in configMap.Data ?? new Dictionary<string, string>())
            {
                Assert.DoesNotContain("password=", value, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("secret-key\":", value, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotMatch("(?i)(pwd|password)\\s*=", value);
            }
        }
        var env = ChartTool.Single<V1Deployment>(objects).Spec.Template.Spec.Containers.Single().Env;
        Assert.All(env.Where(e => e.Name.StartsWith("SYNC_CONNECTION_", StringComparison.Ordinal) || e.Name.Contains("SECRET", StringComparison.Ordinal)),
            e => Assert.NotNull(e.ValueFrom?.SecretKeyRef));
    }

    [HelmFact]
    public void Dags_AreShippedInTheDagsConfigMap()
    {
        var objects = ChartTool.Load(ChartTool.Template("--set-string", "dags.extra.extra_dag\\.yaml=id: extra"));
        var dags = objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name.EndsWith("-dags", StringComparison.Ordinal));

        Assert.Equal("id: extra", dags.Data["extra_dag.yaml"].Trim());
        var repoDags = Directory.GetFiles(Path.Combine(Sync.Testing.RepoPaths.Root, "dags"), "*.yaml").Select(Path.GetFileName);
        Assert.All(repoDags, name => Assert.True(dags.Data.ContainsKey(name!), $"{name} missing from the DAGs ConfigMap"));
    }

    [HelmFact]
    public void Notes_TellHowToReachTheDashboard()
    {
        var result = ChartTool.Run(ChartTool.Helm, "install", "sync", ChartTool.ChartDir, "--dry-run=client", "--namespace", "sync");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("port-forward svc/sync", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("/hangfire", result.Stdout, StringComparison.Ordinal);
    }
}
