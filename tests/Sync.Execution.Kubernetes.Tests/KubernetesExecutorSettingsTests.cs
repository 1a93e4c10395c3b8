using System.Text;
using Microsoft.Extensions.Configuration;

namespace Sync.Execution.Kubernetes.Tests;

public sealed class KubernetesExecutorSettingsTests
{
    /// <summary>The Sync:Kubernetes section as the Helm chart's settings ConfigMap writes it.</summary>
    private const string ChartJson = """
        {
          "Sync": {
            "Kubernetes": {
              "Namespace": "etl",
              "Image": "registry.example.com/sync:1.0.0",
              "WorkerCommand": ["dotnet", "/app/worker/Sync.Worker.dll"],
              "ServiceAccountName": "",
              "Resources": { "requests": { "cpu": "500m", "memory": "512Mi" }, "limits": { "memory": "2Gi" } },
              "MaxMemory": "8Gi",
              "NodeSelector": { "pool": "etl" },
              "Tolerations": [ { "key": "dedicated", "operator": "Equal", "value": "etl", "effect": "NoSchedule" } ],
              "SecurityContext": { "runAsNonRoot": true, "runAsUser": 10001, "readOnlyRootFilesystem": true },
              "ConnectionSecrets": { "warehouse": { "SecretName": "sync-warehouse", "SecretKey": "connection-string" } },
              "ObjectStoreCredentialsSecret": "sync-oss",
              "LogPrefix": "oss://bucket/sync/logs"
            }
          }
        }
        """;

    [Fact]
    public void ToOptions_MapsChartSettings_WhenBoundFromConfiguration()
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(ChartJson))).Build();
        var settings = configuration.GetSection("Sync:Kubernetes").Get<KubernetesExecutorSettings>()!;

        var options = settings.ToOptions();

        Assert.Equal("etl", options.Namespace);
        Assert.Equal("registry.example.com/sync:1.0.0", options.Image);
        Assert.Equal(["dotnet", "/app/worker/Sync.Worker.dll"], options.Command);
        Assert.Null(options.ServiceAccountName);
        Assert.Equal(512L << 20, options.DefaultResources.MemoryRequestBytes);
        Assert.Equal(2L << 30, options.DefaultResources.MemoryLimitBytes);
        Assert.Equal("500m", options.DefaultResources.CpuRequest);
        Assert.Equal(8L << 30, options.MaxMemoryBytes);
        Assert.Equal("etl", options.NodeSelector["pool"]);
        Assert.Equal(new PodToleration { Key = "dedicated", Operator = "Equal", Value = "etl", Effect = "NoSchedule" }, Assert.Single(options.Tolerations));
        Assert.Equal(10001, options.RunAsUser);
        Assert.Equal(new SecretKeyReference("sync-warehouse", "connection-string"), options.ConnectionSecrets["warehouse"]);
        Assert.Equal(new SecretKeyReference("sync-oss", "secret-key"), options.SecretEnvironment["SYNC_S3_SECRET_KEY"]);
    }

    [Fact]
    public void ToOptions_NamesSetting_WhenQuantityIsInvalid()
    {
        var settings = new KubernetesExecutorSettings { MaxMemory = "lots" };

        var ex = Assert.Throws<ArgumentException>(() => settings.ToOptions());

        Assert.Contains("MaxMemory", ex.Message, StringComparison.Ordinal);
    }
}
