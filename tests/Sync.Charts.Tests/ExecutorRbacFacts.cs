using k8s;
using k8s.Models;
using Sync.Execution;
using Sync.Execution.Kubernetes;
using Sync.FakeKubernetes;
using Sync.Tasks;

namespace Sync.Charts.Tests;

/// <summary>
/// The chart's Role must grant exactly what the Kubernetes executor calls: drive the real executor through the fake
/// API server (success, timeout, adoption, orphan clean-up), collect the calls it recorded, compare with the rendered Role.
/// </summary>
public class ExecutorRbacFacts
{
    private const string Namespace = "sync";

    [HelmFact]
    public async Task Role_GrantsExactlyTheCallsTheExecutorMakes()
    {
        var root = Path.Combine(Path.GetTempPath(), "sync-chart-rbac", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var scripts = new Dictionary<string, string>
        {
            ["img/ok"] = "echo working; echo '{\"status\":\"success\",\"rows\":3}'",
            ["img/slow"] = "sleep 30",
        };
        await using var server = await FakeKubernetesServer.StartAsync(new FakeKubernetesOptions
        {
            ResolveImage = image => scripts.TryGetValue(image, out var s) ? ["/bin/sh", "-c", s] : null,
            StartDelay = TimeSpan.FromMilliseconds(20),
            WorkRoot = root,
        });
        using var client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = server.Url });
        var executor = new KubernetesExecutor(client, new KubernetesExecutorOptions
        {
            Namespace = Namespace,
            Image = "img/ok",
            LogFolder = Path.Combine(root, "logs"),
            WatchTimeout = TimeSpan.FromSeconds(30),
            ApiTimeout = TimeSpan.FromSeconds(10),
        });

        var ok = await executor.RunAsync(Launch("start", "img/ok", TimeSpan.FromMinutes(1)), CancellationToken.None);
        Assert.True(ok.Succeeded, ok.Error);
        var slow = await executor.RunAsync(Launch("batch_1", "img/slow", TimeSpan.FromSeconds(2)), CancellationToken.None);
        Assert.True(slow.TimedOut);
        // a restarted orchestrator running the same attempt again adopts the pod (create answers 409, then get)
        var adoptLaunch = Launch("batch_2", "img/slow", TimeSpan.FromSeconds(3));
        var first = executor.RunAsync(adoptLaunch, CancellationToken.None);
        for (var i = 0; i < 100 && server.ListPods(Namespace).Count == 0; i++) await Task.Delay(50);
        var adopted = await executor.RunAsync(adoptLaunch, CancellationToken.None);
        await first;
        Assert.True(adopted.TimedOut);
        await executor.RemoveOrphanedPodsAsync([], CancellationToken.None);
        // a watch is recorded when its stream ends; the client closes them as its calls return
        for (var i = 0; i < 100 && server.OpenWatchStreams > 0; i++) await Task.Delay(50);

        var used = server.RecordedCalls
            .Select(c => (c.Subresource is null ? c.Resource : $"{c.Resource}/{c.Subresource}") + ":" + c.Verb)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();
        var role = ChartTool.Single<V1Role>(ChartTool.Load(ChartTool.Template()));
        var granted = role.Rules
            .SelectMany(r => r.Resources.SelectMany(res => r.Verbs.Select(v => $"{res}:{v}")))
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(granted, used);
        Assert.All(role.Rules, r => Assert.Equal([""], r.ApiGroups));
    }

    private static TaskLaunch Launch(string taskId, string image, TimeSpan timeout) => new()
    {
        Spec = new TaskSpec { Kind = TaskKinds.Command, DagId = "orders", RunId = "manual__2026-11-23", TaskId = taskId },
        Image = image,
        Timeout = timeout,
    };
}
