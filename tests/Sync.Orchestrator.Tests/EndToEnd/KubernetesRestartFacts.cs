using k8s;
using k8s.Models;
using Sync.Execution.Kubernetes;
using Sync.FakeKubernetes;

namespace Sync.Orchestrator.Tests.EndToEnd;

/// <summary>
/// The built orchestrator with the Kubernetes executor against the fake API server, whose kubelet runs each pod as
/// the real worker. The orchestrator is killed with SIGKILL while batch pods run and restarted on the same SQLite data
/// folder: the run must finish, adopting the pods that outlived it rather than starting a second pod beside them.
/// </summary>
public sealed class KubernetesRestartFacts
{
    private const string DagId = "e2e_restart";
    private const string Namespace = "sync-e2e";
    private const string Image = "sync-worker:e2e";
    private const int Batches = 5;

    [Fact]
    public async Task RunCompletes_WithoutDoublePods_WhenOrchestratorIsKilledMidRunAndRestarted()
    {
        using var folder = new TestFolder("sync-e2e-k8s-");
        await using var cluster = await FakeKubernetesServer.StartAsync(new FakeKubernetesOptions
        {
            // The image's entrypoint is the worker; the pod's args (task run --spec-json …) follow it.
            ResolveImage = image => image == Image ? ["dotnet", OrchestratorProcess.WorkerDll] : null,
            WorkRoot = folder.Sub("kubelet"),
        });

        var dags = folder.Sub("dags");
        var batchIds = Enumerable.Range(1, Batches).Select(i => $"batch_{i}").ToList();
        await File.WriteAllTextAsync(Path.Combine(dags, "e2e_restart.yaml"), $"""
            id: {DagId}
            description: start, five slow batches, finish; retries off so a lost or doubled attempt shows
            defaults:
              retries: 0
              timeout: 5m
            tasks:
              - id: start
                command: ["sh", "-c", "echo start"]
            {string.Concat(batchIds.Select(b => $"""
              - id: {b}
                command: ["sh", "-c", "sleep 6; echo {b} done"]
                depends_on: [start]

            """))}
              - id: finish
                command: ["sh", "-c", "echo finish"]
                depends_on: [{string.Join(", ", batchIds)}]
            """);
        var settings = new Dictionary<string, string>
        {
            ["Sync__DagsFolder"] = dags,
            ["Sync__DataFolder"] = folder.Sub("data"),
            ["Sync__Executor"] = "kubernetes",
            ["Sync__Kubernetes__ApiServer"] = cluster.Url,
            ["Sync__Kubernetes__Namespace"] = Namespace,
            ["Sync__Kubernetes__Image"] = Image,
            ["Sync__Kubernetes__LogFolder"] = folder.Sub("pod-logs"),
            ["Sync__Scheduler__PollInterval"] = "00:00:01",
        };

        string runId;
        await using (var first = await OrchestratorProcess.StartAsync("first orchestrator", settings))
        {
            runId = (await first.Api.TriggerAsync(DagId, new Dictionary<string, string>(), CancellationToken.None)).RunId;
            try
            {
                await cluster.WaitForPodAsync(Namespace, p => TaskOf(p).StartsWith("batch_", StringComparison.Ordinal) && p.Status?.Phase == "Running", TimeSpan.FromSeconds(45));
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"{ex.Message}; tasks: {await first.DescribeTasksAsync(DagId, runId)}\n{first.Tail()}", ex);
            }
            first.KillHard();
        }
        var alive = cluster.ListPods(Namespace);
        Assert.Contains(alive, p => TaskOf(p).StartsWith("batch_", StringComparison.Ordinal));
        var createsBeforeRestart = cluster.RecordedCalls.Count;

        await using var second = await OrchestratorProcess.StartAsync("restarted orchestrator", settings);
        var run = await second.WaitForRunAsync(DagId, runId, TimeSpan.FromSeconds(90));
        Assert.True(run.State == "success", $"run ended {run.State}; tasks: {await second.DescribeTasksAsync(DagId, runId)}\n{second.Tail()}");

        var tasks = await second.Api.ListTasksAsync(DagId, runId, CancellationToken.None);
        Assert.Equal(["start", .. batchIds, "finish"], tasks.Select(t => t.TaskId).Order(StringComparer.Ordinal).ToList().OrderBy(t => t == "start" ? 0 : t == "finish" ? 2 : 1));
        Assert.All(tasks, t =>
        {
            Assert.True(t.State == "success", $"{t.TaskId} is {t.State}: {t.Error}");
            Assert.Equal(1, t.Attempt);
        });

        var calls = cluster.RecordedCalls;
        // The restarted orchestrator found the pods that outlived the first one (409 on create) and adopted them.
        Assert.Contains(calls.Skip(createsBeforeRestart), c => c.Verb == "create" && c.StatusCode == 409);
        AssertNoTaskHadTwoPodsAtOnce(calls);
        Assert.Empty(cluster.ListPods(Namespace).Select(p => $"{p.Metadata.Name} ({p.Status?.Phase})"));
    }

    /// <summary>Replays the pod creations and deletions the fake recorded, in order, per task.</summary>
    private static void AssertNoTaskHadTwoPodsAtOnce(IReadOnlyList<RecordedCall> calls)
    {
        var taskOfPod = new Dictionary<string, string>(StringComparer.Ordinal);
        var live = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var created = 0;
        foreach (var call in calls)
        {
            if (call.Verb == "create" && call.StatusCode == 201)
            {
                var pod = KubernetesJson.Deserialize<V1Pod>(call.Body!);
                var task = TaskOf(pod);
                taskOfPod[pod.Metadata.Name] = task;
                var pods = live.TryGetValue(task, out var set) ? set : live[task] = new HashSet<string>(StringComparer.Ordinal);
                pods.Add(pod.Metadata.Name);
                Assert.True(pods.Count == 1, $"task {task} had pods {string.Join(", ", pods)} at once");
                created++;
            }
            else if (call.Verb == "delete" && call.StatusCode == 200 && call.Name is { } name && taskOfPod.TryGetValue(name, out var task))
            {
                live[task].Remove(name);
            }
        }
        Assert.True(created >= Batches + 2, $"only {created} pods were created for {Batches + 2} tasks");
    }

    private static string TaskOf(V1Pod pod) =>
        pod.Metadata.Annotations is { } annotations && annotations.TryGetValue(PodLabels.AttemptKeyAnnotation, out var key)
            ? key.Split('/')[^2]
            : "";
}
