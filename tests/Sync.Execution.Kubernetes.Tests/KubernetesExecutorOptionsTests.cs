namespace Sync.Execution.Kubernetes.Tests;

public sealed class KubernetesExecutorOptionsTests
{
    [Fact]
    public void Validate_Accepts_WhenDefaults() => new KubernetesExecutorOptions().Validate();

    [Theory]
    [InlineData("Namespace")]
    [InlineData("Instance")]
    [InlineData("RunAsUser")]
    [InlineData("MaxMemoryBytes")]
    [InlineData("WatchTimeout")]
    [InlineData("Tolerations")]
    [InlineData("ConnectionSecrets")]
    public void Validate_NamesOption_WhenItIsBad(string option)
    {
        var bad = option switch
        {
            "Namespace" => new KubernetesExecutorOptions { Namespace = "Not_A_Namespace" },
            "Instance" => new KubernetesExecutorOptions { Instance = "no spaces allowed" },
            "RunAsUser" => new KubernetesExecutorOptions { RunAsUser = 0 },
            "MaxMemoryBytes" => new KubernetesExecutorOptions { MaxMemoryBytes = 1 },
            "WatchTimeout" => new KubernetesExecutorOptions { WatchTimeout = TimeSpan.FromHours(2) },
            "Tolerations" => new KubernetesExecutorOptions { Tolerations = [new PodToleration { Key = "k", Operator = "Sometimes" }] },
            _ => new KubernetesExecutorOptions { ConnectionSecrets = new Dictionary<string, SecretKeyReference> { ["w"] = new("Bad_Name", "k") } },
        };

        var ex = Assert.ThrowsAny<ArgumentException>(bad.Validate);

        Assert.Equal(option, ex.ParamName);
    }
}
