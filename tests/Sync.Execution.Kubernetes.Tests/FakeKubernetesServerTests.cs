using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Sync.Execution.Kubernetes.Tests;

/// <summary>The fake answers the way the real API server does for the calls the executor makes.</summary>
public sealed class FakeKubernetesServerTests : IAsyncLifetime
{
    private FakeCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await FakeCluster.StartAsync(new Dictionary<string, string>
    {
        ["test/quick"] = "echo hello; exit 3",
        ["test/sleep"] = "sleep 30",
    });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Create_AnswersAlreadyExistsStatus_WhenNameIsTaken()
    {
        await _cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("p1", "test/sleep"), FakeCluster.Namespace);

        var ex = await Assert.ThrowsAsync<HttpOperationException>(() => _cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("p1", "test/sleep"), FakeCluster.Namespace));

        Assert.Equal(HttpStatusCode.Conflict, ex.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(ex.Response.Content);
        Assert.Equal("AlreadyExists", status.Reason);
        Assert.Equal(409, status.Code);
        Assert.Equal("p1", status.Details.Name);
    }

    [Fact]
    public async Task Get_AnswersNotFoundStatus_WhenPodIsMissing()
    {
        var ex = await Assert.ThrowsAsync<HttpOperationException>(() => _cluster.Client.CoreV1.ReadNamespacedPodAsync("absent", FakeCluster.Namespace));

        Assert.Equal(HttpStatusCode.NotFound, ex.Response.StatusCode);
        Assert.Equal("NotFound", KubernetesJson.Deserialize<V1Status>(ex.Response.Content).Reason);
    }

    [Fact]
    public async Task Create_AnswersInvalid_WhenLabelValueBreaksRules()
    {
        var pod = Pod("p2", "test/sleep");
        pod.Metadata.Labels = new Dictionary<string, string> { ["sync/run"] = "manual__2026-11-23T09:00:00+00:00" };

        var ex = await Assert.ThrowsAsync<HttpOperationException>(() => _cluster.Client.CoreV1.CreateNamespacedPodAsync(pod, FakeCluster.Namespace));

        Assert.Equal(422, (int)ex.Response.StatusCode);
    }

    [Fact]
    public async Task Create_SetsIdentityAndRunsContainer_WhenPodIsValid()
    {
        var created = await _cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("p3", "test/quick"), FakeCluster.Namespace);

        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.Equal("Pending", created.Status.Phase);
        var done = await _cluster.Server.WaitForPodAsync(FakeCluster.Namespace, p => p.Status?.Phase == "Failed", TimeSpan.FromSeconds(10));
        Assert.Equal(3, done.Status.ContainerStatuses[0].State.Terminated.ExitCode);
        Assert.True(long.Parse(done.Metadata.ResourceVersion) > long.Parse(created.Metadata.ResourceVersion));
        using var log = new StreamReader(await _cluster.Client.CoreV1.ReadNamespacedPodLogAsync("p3", FakeCluster.Namespace));
        Assert.Equal("hello\n", await log.ReadToEndAsync());
    }

    [Fact]
    public async Task Watch_StreamsEventsInResourceVersionOrder_WhenPodRunsToEnd()
    {
        var created = await _cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("p4", "test/quick"), FakeCluster.Namespace);
        var seen = new List<(WatchEventType Type, string? Phase, long Rv)>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

#pragma warning disable CS0618
        await foreach (var (type, pod) in _cluster.Client.CoreV1.WatchListNamespacedPodAsync(
            FakeCluster.Namespace, fieldSelector: "metadata.name=p4", resourceVersion: created.Metadata.ResourceVersion, cancellationToken: timeout.Token))
#pragma warning restore CS0618
        {
            seen.Add((type, pod.Status?.Phase, long.Parse(pod.Metadata.ResourceVersion)));
            if (pod.Status?.Phase == "Failed") break;
        }

        Assert.All(seen, e => Assert.Equal(WatchEventType.Modified, e.Type));
        Assert.Equal(seen.Select(e => e.Rv).Order(), seen.Select(e => e.Rv));
        Assert.Equal(["Running", "Failed"], seen.Select(e => e.Phase).Distinct());
    }

    [Fact]
    public async Task Watch_SendsExpiredErrorEvent_WhenResourceVersionIsCompacted()
    {
        var created = await _cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("p5", "test/sleep"), FakeCluster.Namespace);
        _cluster.Server.ExpireWatchHistory();
        KubernetesException? error = null;

#pragma warning disable CS0618
        await foreach (var _ in _cluster.Client.CoreV1.WatchListNamespacedPodAsync(
            FakeCluster.Namespace, resourceVersion: created.Metadata.ResourceVersion, onError: e => error = e as KubernetesException))
#pragma warning restore CS0618
        {
            Assert.Fail("no event is expected from an expired resourceVersion");
        }

        Assert.NotNull(error);
        Assert.Equal(410, error.Status.Code);
        Assert.Equal("Expired", error.Status.Reason);
    }

    [Fact]
    public async Task List_FiltersByLabelSelector_WhenSelectorIsGiven()
    {
        var a = Pod("p6", "test/sleep");
        a.Metadata.Labels = new Dictionary<string, string> { ["sync/instance"] = "a" };
        var b = Pod("p7", "test/sleep");
        b.Metadata.Labels = new Dictionary<string, string> { ["sync/instance"] = "b" };
        await _cluster.Client.CoreV1.CreateNamespacedPodAsync(a, FakeCluster.Namespace);
        await _cluster.Client.CoreV1.CreateNamespacedPodAsync(b, FakeCluster.Namespace);

        var list = await _cluster.Client.CoreV1.ListNamespacedPodAsync(FakeCluster.Namespace, labelSelector: "sync/instance=b");

        Assert.Equal("p7", Assert.Single(list.Items).Metadata.Name);
        Assert.False(string.IsNullOrEmpty(list.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task Delete_StopsProcessAndRemovesPod_WhenPodIsRunning()
    {
        await _cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("p8", "test/sleep"), FakeCluster.Namespace);
        await _cluster.Server.WaitForPodAsync(FakeCluster.Namespace, p => p.Status?.Phase == "Running", TimeSpan.FromSeconds(10));

        await _cluster.Client.CoreV1.DeleteNamespacedPodAsync("p8", FakeCluster.Namespace);

        Assert.Null(_cluster.Server.GetPod(FakeCluster.Namespace, "p8"));
        var ex = await Assert.ThrowsAsync<HttpOperationException>(() => _cluster.Client.CoreV1.ReadNamespacedPodLogAsync("p8", FakeCluster.Namespace));
        Assert.Equal(HttpStatusCode.NotFound, ex.Response.StatusCode);
    }

    private static V1Pod Pod(string name, string image) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "worker", Image = image }] },
    };
}
