using System.Net.Http.Json;
using k8s;
using k8s.Models;
using Sync.Api.Contracts;
using Sync.Execution.Kubernetes;
using Sync.FakeKubernetes;
using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.State;
using Sync.Testing;

namespace Sync.Orchestrator.Tests.EndToEnd;

/// <summary>
/// The built orchestrator supervising a feature-sync job through the Kubernetes executor against the fake API server,
/// whose kubelet runs each pod as the real worker on MariaDB: one pod per partition; after the orchestrator is killed
/// and started again it adopts both pods (409 on create) instead of starting a second pair; a deleted pod is replaced
/// after the backoff; rows land offline exactly once; deleting the job deletes its pods and none come back.
/// </summary>
public sealed class FeatureSyncKubernetesFacts
{
    private const string Namespace = "sync-fs";
    private const string Image = "sync-worker:fs";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    [MariaDbFact]
    public async Task Supervisor_RunsOnePodPerPartition_AdoptsThemAfterRestart_AndDeletesThemWithTheJob()
    {
        using var folder = new TestFolder("sync-e2e-fs-");
        var table = await OnlineFeatureTable.CreateAsync("fsk8s");
        var total = await table.InsertAsync(2_000);
        var stateDatabase = table.Database + "_state";
        var state = new FeatureSyncStateStore(table.Server.ConnectionString, stateDatabase);
        await state.EnsureSchemaAsync(CancellationToken.None);
        var offline = folder.Sub("offline");
        var job = new FeatureSyncJob
        {
            JobId = "user_features",
            SourceConnection = "online",
            Table = table.QualifiedName,
            KeyColumn = "id",
            TimestampColumn = "ts",
            Mode = SyncMode.FullAndIncremental,
            Destinations = ["file://" + offline],
            Format = OutputFormat.Csv,
            Partitions = 2,
            SettleDelay = TimeSpan.FromMilliseconds(200),
            PageRows = 300,
            RollRows = 400,
            RollInterval = TimeSpan.FromMilliseconds(500),
        };
        await state.CreateJobAsync(job, CancellationToken.None);

        await using var cluster = await FakeKubernetesServer.StartAsync(new FakeKubernetesOptions
        {
            ResolveImage = image => image == Image ? ["dotnet", OrchestratorProcess.WorkerDll] : null,
            WorkRoot = folder.Sub("kubelet"),
        });
        cluster.AddSecret(Namespace, "sync-state", new Dictionary<string, string> { ["connection-string"] = table.Server.ConnectionString });
        cluster.AddSecret(Namespace, "sync-online", new Dictionary<string, string> { ["connection-string"] = table.ConnectionString });
        var settings = new Dictionary<string, string>
        {
            ["Sync__DagsFolder"] = folder.Sub("dags"),
            ["Sync__DataFolder"] = folder.Sub("data"),
            ["Sync__Executor"] = "kubernetes",
            ["Sync__Kubernetes__ApiServer"] = cluster.Url,
            ["Sync__Kubernetes__Namespace"] = Namespace,
            ["Sync__Kubernetes__Image"] = Image,
            ["Sync__Kubernetes__LogFolder"] = folder.Sub("pod-logs"),
            ["Sync__Kubernetes__ConnectionSecrets__state__SecretName"] = "sync-state",
            ["Sync__Kubernetes__ConnectionSecrets__online__SecretName"] = "sync-online",
            ["Sync__FeatureSync__StateConnection"] = "state",
            ["Sync__FeatureSync__StateDatabase"] = stateDatabase,
            ["Sync__FeatureSync__PollInterval"] = "00:00:00.500",
            ["Sync__FeatureSync__MinRestartBackoff"] = "00:00:02",
            ["Sync__FeatureSync__MaxRestartBackoff"] = "00:00:08",
            ["Sync__FeatureSync__LeaseTtl"] = "00:00:03",
            ["Sync__FeatureSync__WorkerPollInterval"] = "00:00:00.200",
            ["Sync__FeatureSync__SpoolDirectory"] = folder.Sub("spool"),
            // The orchestrator reads the state database itself (jobs, supervision records).
            ["SYNC_CONNECTION_STATE"] = table.Server.ConnectionString,
        };

        List<string> firstPods;
        await using (var first = await OrchestratorProcess.StartAsync("first orchestrator", settings))
        {
            firstPods = await WaitForRunningPodsAsync(cluster, 2, first);
            var status = await WaitForStatusAsync(first, s => s.AllRunning && s.Jobs.Single().Tasks.All(t => t.Supervisor?.State == "running"));
            Assert.True(status.Supervised);
            Assert.Equal(["p0", "p1"], firstPods.Select(PartitionOf).Order(StringComparer.Ordinal).ToList());
            first.KillHard();
        }
        var callsBeforeRestart = cluster.RecordedCalls.Count;

        await using var second = await OrchestratorProcess.StartAsync("restarted orchestrator", settings);
        // Both pods are adopted: their creates are answered 409, and no other pod is created for them.
        await WaitUntilAsync(() => cluster.RecordedCalls.Skip(callsBeforeRestart).Count(c => c.Verb == "create" && c.StatusCode == 409) >= 2, second, "two adopting creates (409)");
        var afterRestart = cluster.RecordedCalls.Skip(callsBeforeRestart).ToList();
        Assert.DoesNotContain(afterRestart, c => c.Verb == "create" && c.StatusCode == 201);
        Assert.DoesNotContain(afterRestart, c => c.Verb == "delete");
        Assert.Equal(firstPods.Order(StringComparer.Ordinal), cluster.ListPods(Namespace).Select(p => p.Metadata.Name).Order(StringComparer.Ordinal));

        // Rows written after the restart reach the offline store through the adopted pods, exactly once.
        total = await table.InsertAsync(1_000);
        await WaitUntilAsync(() => OnlineFeatureTable.OfflineIds(offline).Count >= total, second, $"{total} rows offline");
        Assert.Equal(Enumerable.Range(1, (int)total).Select(i => (long)i), OnlineFeatureTable.OfflineIds(offline).Order());

        // A pod deleted behind the orchestrator's back (an eviction) is replaced by the next attempt after the backoff.
        var p0 = firstPods.Single(n => PartitionOf(n) == "p0");
        using (var client = new Kubernetes(new KubernetesClientConfiguration { Host = cluster.Url }))
            await client.CoreV1.DeleteNamespacedPodAsync(p0, Namespace);
        var waiting = await WaitForStatusAsync(second, s => s.Jobs.Single().Tasks.Single(t => t.Partition == 0).Supervisor is { State: "waiting" });
        var p0Waiting = waiting.Jobs.Single().Tasks.Single(t => t.Partition == 0).Supervisor!;
        Assert.NotNull(p0Waiting.NextRestartAt);
        Assert.Contains("deleted", p0Waiting.LastExitError, StringComparison.Ordinal);
        var restarted = await WaitForStatusAsync(second, s => s.Jobs.Single().Tasks.Single(t => t.Partition == 0).Supervisor is { State: "running", Attempt: 2, Restarts: 1 });
        Assert.True(restarted.Jobs.Single().Tasks.Single(t => t.Partition == 1).Supervisor is { Attempt: 1, Restarts: 0 });
        await WaitForRunningPodsAsync(cluster, 2, second);

        // The job's status by itself, as the API serves it.
        using (var one = await second.Http.GetAsync(ApiRoutes.FeatureSyncJob(job.JobId)))
        {
            Assert.True(one.IsSuccessStatusCode, await one.Content.ReadAsStringAsync());
            var jobStatus = (await one.Content.ReadFromJsonAsync<FeatureSyncJobStatus>(ApiJson.Options))!;
            Assert.Equal(("full-and-incremental", 2), (jobStatus.Mode, jobStatus.Tasks.Count));
        }

        // Deleting the job deletes its pods within a poll interval, and none is created again.
        await state.DeleteJobAsync(job.JobId, CancellationToken.None);
        await WaitUntilAsync(() => cluster.ListPods(Namespace).Count == 0, second, "the job's pods deleted");
        var callsAfterDelete = cluster.RecordedCalls.Count;
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.DoesNotContain(cluster.RecordedCalls.Skip(callsAfterDelete), c => c.Verb == "create");
        using (var gone = await second.Http.GetAsync(ApiRoutes.FeatureSyncJob(job.JobId)))
            Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
        AssertNoPartitionHadTwoPodsAtOnce(cluster.RecordedCalls);
    }

    private static async Task<List<string>> WaitForRunningPodsAsync(FakeKubernetesServer cluster, int count, OrchestratorProcess orchestrator)
    {
        await WaitUntilAsync(() => cluster.ListPods(Namespace).Count(p => p.Status?.Phase == "Running") == count, orchestrator, $"{count} running pods");
        return cluster.ListPods(Namespace).Select(p => p.Metadata.Name).ToList();
    }

    private static async Task<FeatureSyncStatus> WaitForStatusAsync(OrchestratorProcess orchestrator, Func<FeatureSyncStatus, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await orchestrator.Http.GetAsync(ApiRoutes.FeatureSync);
            last = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode)
            {
                var status = System.Text.Json.JsonSerializer.Deserialize<FeatureSyncStatus>(last, ApiJson.Options)!;
                if (status.Jobs.Count == 1 && condition(status)) return status;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"feature-sync status not reached; last: {last}\n{orchestrator.Tail()}");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, OrchestratorProcess orchestrator, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not reached: {what}\n{orchestrator.Tail()}");
            await Task.Delay(100);
        }
    }

    /// <summary>Replays the pod creations and deletions the fake recorded, in order, per partition.</summary>
    private static void AssertNoPartitionHadTwoPodsAtOnce(IReadOnlyList<RecordedCall> calls)
    {
        var partitionOfPod = new Dictionary<string, string>(StringComparer.Ordinal);
        var live = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var call in calls)
        {
            if (call.Verb == "create" && call.StatusCode == 201)
            {
                var pod = KubernetesJson.Deserialize<V1Pod>(call.Body!);
                var partition = PartitionOf(pod.Metadata.Name, pod);
                partitionOfPod[pod.Metadata.Name] = partition;
                var pods = live.TryGetValue(partition, out var set) ? set : live[partition] = new HashSet<string>(StringComparer.Ordinal);
                pods.Add(pod.Metadata.Name);
                Assert.True(pods.Count == 1, $"partition {partition} had pods {string.Join(", ", pods)} at once");
            }
            else if (call.Verb == "delete" && call.StatusCode == 200 && call.Name is { } name && partitionOfPod.TryGetValue(name, out var partition))
            {
                live[partition].Remove(name);
            }
        }
        Assert.Equal(3, partitionOfPod.Count); // p0 twice (attempts 1 and 2), p1 once
    }

    private static string PartitionOf(string podName) => podName.Split('-')[^3];

    private static string PartitionOf(string podName, V1Pod pod) =>
        pod.Metadata.Annotations is { } a && a.TryGetValue(PodLabels.AttemptKeyAnnotation, out var key) ? key.Split('/')[^2] : PartitionOf(podName);
}
