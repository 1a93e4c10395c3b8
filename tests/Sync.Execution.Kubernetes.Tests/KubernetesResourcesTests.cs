using Sync.Tasks;

namespace Sync.Execution.Kubernetes.Tests;

public sealed class KubernetesResourcesTests
{
    private const long Mi = 1024 * 1024;
    private const long Gi = 1024 * Mi;

    [Fact]
    public void ForLaunch_GrowsMemoryRequestWithBatchBytes_WhenLaunchIsBatch()
    {
        var options = new KubernetesExecutorOptions { MemoryBaseBytes = 256 * Mi, MemoryPerBatchByte = 3, MaxMemoryBytes = 16 * Gi };
        var launch = Batch(fileBytes: 400 * Mi, resources: new ResourceSpec());

        var resources = KubernetesResources.ForLaunch(launch, options);

        Assert.Equal(256 * Mi + 3 * 400 * Mi, resources.MemoryRequestBytes);
        // The default limit (1 GiB) is raised so that it is never below the request.
        Assert.Equal(resources.MemoryRequestBytes, resources.MemoryLimitBytes);
        Assert.Equal("500m", resources.CpuRequest);
    }

    [Fact]
    public void ForLaunch_KeepsLargerAskedMemory_WhenBatchIsSmall()
    {
        var options = new KubernetesExecutorOptions();
        var launch = Batch(fileBytes: 1 * Mi, resources: new ResourceSpec { MemoryRequestBytes = 3 * Gi, MemoryLimitBytes = 4 * Gi, CpuLimit = "2" });

        var resources = KubernetesResources.ForLaunch(launch, options);

        Assert.Equal(3 * Gi, resources.MemoryRequestBytes);
        Assert.Equal(4 * Gi, resources.MemoryLimitBytes);
        Assert.Equal("2", resources.CpuLimit);
    }

    [Fact]
    public void ForLaunch_CapsMemory_WhenBatchIsHuge()
    {
        var options = new KubernetesExecutorOptions { MaxMemoryBytes = 2 * Gi };
        var launch = Batch(fileBytes: 50 * Gi, resources: new ResourceSpec { MemoryLimitBytes = 100 * Gi });

        var resources = KubernetesResources.ForLaunch(launch, options);

        Assert.Equal(2 * Gi, resources.MemoryRequestBytes);
        Assert.Equal(2 * Gi, resources.MemoryLimitBytes);
    }

    [Fact]
    public void GrowAfterOom_MultipliesRequestAndLimit_WhenBelowCap()
    {
        var grown = KubernetesResources.GrowAfterOom(new ResourceSpec { MemoryRequestBytes = 512 * Mi, MemoryLimitBytes = 1 * Gi, CpuRequest = "1" }, 1.5, 8 * Gi);

        Assert.Equal(768 * Mi, grown.MemoryRequestBytes);
        Assert.Equal(1536 * Mi, grown.MemoryLimitBytes);
        Assert.Equal("1", grown.CpuRequest);
    }

    [Fact]
    public void GrowAfterOom_StopsAtCap_WhenGrownRepeatedly()
    {
        var resources = new ResourceSpec { MemoryRequestBytes = 1 * Gi, MemoryLimitBytes = 1 * Gi };
        for (var i = 0; i < 10; i++) resources = KubernetesResources.GrowAfterOom(resources, 2, 6 * Gi);

        Assert.Equal(6 * Gi, resources.MemoryRequestBytes);
        Assert.Equal(6 * Gi, resources.MemoryLimitBytes);
        Assert.Equal(resources, KubernetesResources.GrowAfterOom(resources, 2, 6 * Gi));
    }

    [Fact]
    public void GrowAfterOom_Throws_WhenFactorOrMemoryIsMissing()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KubernetesResources.GrowAfterOom(new ResourceSpec { MemoryLimitBytes = Gi }, 1.0, 8 * Gi));
        Assert.Throws<ArgumentOutOfRangeException>(() => KubernetesResources.GrowAfterOom(new ResourceSpec { MemoryLimitBytes = Gi }, double.NaN, 8 * Gi));
        Assert.Throws<ArgumentException>(() => KubernetesResources.GrowAfterOom(new ResourceSpec(), 2, 8 * Gi));
    }

    [Theory]
    [InlineData(512L * 1024 * 1024, "512Mi")]
    [InlineData(2L * 1024 * 1024 * 1024, "2Gi")]
    [InlineData(1536L * 1024, "1536Ki")]
    [InlineData(1000L, "1000")]
    public void FormatBytes_UsesBinaryUnits_WhenDivisible(long bytes, string expected) =>
        Assert.Equal(expected, KubernetesResources.FormatBytes(bytes));

    private static TaskLaunch Batch(long fileBytes, ResourceSpec resources) => new()
    {
        Spec = new TaskSpec
        {
            Kind = TaskKinds.TableBatch, DagId = "d", RunId = "r", TaskId = "batch_1",
            Batch = new BatchSpec { Index = 1, Files = [new BatchFile { Uri = "file:///a.orc", Size = fileBytes / 2 }, new BatchFile { Uri = "file:///b.orc", Size = fileBytes / 2 }] },
        },
        Resources = resources,
    };
}
