using k8s;
using Sync.Tasks;

namespace Sync.Execution.Kubernetes.Tests;

public sealed class KubernetesExecutorTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Images = new()
    {
        ["test/success"] = """echo "loading rows for $HOSTNAME"; echo "warning: slow source" >&2; echo '{"status":"success","rows":5}'""",
        ["test/slow-success"] = """sleep 1.5; echo '{"status":"success","rows":7}'""",
        ["test/counted"] = """echo started >> "$RUNS_FILE"; sleep 1.5; echo '{"status":"success","rows":3}'""",
        ["test/fail"] = """echo '{"status":"failed","error":"column amount has type text"}'; exit 2""",
        ["test/sleep"] = "sleep 30",
        ["test/echo-connection"] = """echo "target=$SYNC_CONNECTION_WAREHOUSE"; echo '{"status":"success"}'""",
        ["test/echo-spec"] = """echo "$1 $2"; echo "$3"; echo '{"status":"success"}'""",
    };

    private FakeCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await FakeCluster.StartAsync(Images);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task RunAsync_CompletesStartBatchesAndFinish_WhenBatchesRunConcurrently()
    {
        var executor = _cluster.Executor();

        var start = await executor.RunAsync(FakeCluster.Launch("start", kind: TaskKinds.TableStart), CancellationToken.None);
        Assert.True(start.Succeeded, start.Error);

        var batches = Enumerable.Range(1, 5)
            .Select(i => FakeCluster.Launch($"batch_{i}", image: "test/slow-success", kind: TaskKinds.TableBatch,
                batch: new BatchSpec { Index = i, Files = [new BatchFile { Uri = $"file:///warehouse/orders/part-{i}.orc", Size = 10_000_000 }] }))
            .ToList();
        var started = DateTime.UtcNow;
        var outcomes = await Task.WhenAll(batches.Select(b => executor.RunAsync(b, CancellationToken.None)));
        var elapsed = DateTime.UtcNow - started;

        var finish = await executor.RunAsync(FakeCluster.Launch("finish", kind: TaskKinds.TableFinish), CancellationToken.None);
        Assert.True(finish.Succeeded, finish.Error);
        Assert.All(outcomes, o =>
        {
            Assert.True(o.Succeeded, o.Error);
            Assert.Equal(7, o.Result?.Rows);
        });
        // Five pods of 1.5 s each ran side by side, not one after another.
        Assert.True(elapsed < TimeSpan.FromSeconds(6), $"5 concurrent batches took {elapsed}");
        Assert.Equal(7, _cluster.Server.RecordedCalls.Count(c => c.Verb == "create" && c.StatusCode == 201));
        Assert.Empty(_cluster.Server.ListPods(FakeCluster.Namespace));
    }

    [Fact]
    public async Task RunAsync_ReturnsResultFromLastStdoutLine_WhenStderrFollows()
    {
        var outcome = await _cluster.Executor().RunAsync(FakeCluster.Launch("start"), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("success", outcome.Result?.Status);
        Assert.Equal(5, outcome.Result?.Rows);
        Assert.Null(outcome.Error);
    }

    [Fact]
    public async Task RunAsync_SavesLogThenDeletesPod_WhenPodEnds()
    {
        var launch = FakeCluster.Launch("start");
        var podName = PodNames.ForAttempt(launch.Spec);

        var outcome = await _cluster.Executor().RunAsync(launch, CancellationToken.None);

        Assert.NotNull(outcome.LogLocation);
        var log = await File.ReadAllTextAsync(outcome.LogLocation);
        Assert.Contains($"loading rows for {podName}", log, StringComparison.Ordinal);
        Assert.Contains("warning: slow source", log, StringComparison.Ordinal);
        Assert.StartsWith(_cluster.LogFolder, outcome.LogLocation, StringComparison.Ordinal);
        Assert.Null(_cluster.Server.GetPod(FakeCluster.Namespace, podName));
        var calls = _cluster.Server.RecordedCalls.Where(c => c.Name == podName).ToList();
        var logRead = calls.FindIndex(c => c.Subresource == "log" && c.StatusCode == 200);
        var deleted = calls.FindIndex(c => c.Verb == "delete" && c.StatusCode == 200);
        Assert.True(logRead >= 0 && deleted > logRead, "the log is read before the pod is deleted: " + string.Join(", ", calls.Select(c => c.Permission)));
    }

    [Fact]
    public async Task RunAsync_ReportsExitCodeAndResult_WhenWorkerFails()
    {
        var outcome = await _cluster.Executor().RunAsync(FakeCluster.Launch("batch_1", image: "test/fail"), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(ExitCodes.Permanent, outcome.ExitCode);
        Assert.Equal("failed", outcome.Result?.Status);
        Assert.Equal("column amount has type text", outcome.Result?.Error);
        Assert.Contains("exit code 2", outcome.Error, StringComparison.Ordinal);
        Assert.False(outcome.OomKilled);
    }

    [Fact]
    public async Task RunAsync_PassesSpecAsOneArgument_WhenPodStarts()
    {
        var launch = FakeCluster.Launch("batch_2", image: "test/echo-spec", kind: TaskKinds.TableBatch,
            batch: new BatchSpec { Index = 2, Files = [new BatchFile { Uri = "file:///w/it's \"quoted\" $HOME.orc", Size = 10 }] });

        var outcome = await _cluster.Executor().RunAsync(launch, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        var lines = await File.ReadAllLinesAsync(outcome.LogLocation!);
        Assert.Equal("run --spec-json", lines[0]);
        var spec = TaskJson.Deserialize<TaskSpec>(lines[1]);
        Assert.Equal(launch.Spec.Batch!.Files[0].Uri, spec.Batch!.Files[0].Uri);
        Assert.Equal("batch_2", spec.TaskId);
    }

    [Fact]
    public async Task RunAsync_ReportsOomKilled_AndSucceedsWhenRelaunchedWithGrownMemory()
    {
        _cluster.Server.OomKillBelowMemoryLimitBytes = 1536L * 1024 * 1024;
        var executor = _cluster.Executor();
        var first = FakeCluster.Launch("batch_3", image: "test/slow-success", resources: new ResourceSpec { MemoryRequestBytes = 512L << 20, MemoryLimitBytes = 1L << 30 });

        var oom = await executor.RunAsync(first, CancellationToken.None);

        Assert.True(oom.OomKilled, oom.Error);
        Assert.False(oom.Succeeded);
        Assert.Equal(137, oom.ExitCode);
        Assert.Contains("OOMKilled", oom.Error, StringComparison.Ordinal);
        Assert.Equal(1L << 30, oom.Resources?.MemoryLimitBytes);

        var grown = KubernetesResources.GrowAfterOom(oom.Resources!, 2.0, 8L << 30);
        var retry = first with { Spec = first.Spec with { Attempt = 2 }, Resources = grown };
        var second = await executor.RunAsync(retry, CancellationToken.None);

        Assert.True(second.Succeeded, second.Error);
        Assert.Equal(2L << 30, second.Resources?.MemoryLimitBytes);
        Assert.Empty(_cluster.Server.ListPods(FakeCluster.Namespace));
    }

    [Fact]
    public async Task RunAsync_PassesConnectionFromSecret_WhenSpecNamesConnection()
    {
        _cluster.Server.AddSecret(FakeCluster.Namespace, "warehouse-credentials", new Dictionary<string, string> { ["dsn"] = "Server=127.0.0.1;User=loader" });
        var options = _cluster.Options(o => o with
        {
            ConnectionSecrets = new Dictionary<string, SecretKeyReference> { ["warehouse"] = new("warehouse-credentials", "dsn") },
        });
        var launch = FakeCluster.Launch("start", image: "test/echo-connection", kind: TaskKinds.TableStart, table: Table("warehouse"));

        var outcome = await _cluster.Executor(options).RunAsync(launch, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Contains("target=Server=127.0.0.1;User=loader", await File.ReadAllTextAsync(outcome.LogLocation!), StringComparison.Ordinal);
        var body = _cluster.Server.RecordedCalls.Single(c => c.Verb == "create").Body!;
        Assert.DoesNotContain("User=loader", body, StringComparison.Ordinal);
        Assert.Contains("\"secretKeyRef\":{\"key\":\"dsn\",\"name\":\"warehouse-credentials\"}", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FailsWithoutWaiting_WhenConnectionSecretIsMissing()
    {
        var options = _cluster.Options(o => o with
        {
            ConnectionSecrets = new Dictionary<string, SecretKeyReference> { ["warehouse"] = new("absent-secret", "dsn") },
        });
        var launch = FakeCluster.Launch("start", image: "test/echo-connection", kind: TaskKinds.TableStart, table: Table("warehouse"));

        var outcome = await _cluster.Executor(options).RunAsync(launch, CancellationToken.None);

        Assert.Equal(ExitCodes.Permanent, outcome.ExitCode);
        Assert.Contains("CreateContainerConfigError", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("absent-secret", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(_cluster.Server.ListPods(FakeCluster.Namespace));
    }

    [Fact]
    public async Task RunAsync_FailsBeforeCreatingPod_WhenConnectionHasNoSecret()
    {
        var launch = FakeCluster.Launch("start", kind: TaskKinds.TableStart, table: Table("unmapped"));

        var outcome = await _cluster.Executor().RunAsync(launch, CancellationToken.None);

        Assert.Equal(ExitCodes.Permanent, outcome.ExitCode);
        Assert.Contains("connection 'unmapped'", outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(_cluster.Server.RecordedCalls, c => c.Verb == "create");
    }

    [Fact]
    public async Task RunAsync_TimesOutAndDeletesPod_WhenAttemptRunsTooLong()
    {
        var launch = FakeCluster.Launch("batch_4", image: "test/sleep", timeout: TimeSpan.FromSeconds(2));

        var outcome = await _cluster.Executor().RunAsync(launch, CancellationToken.None);

        Assert.True(outcome.TimedOut, outcome.Error);
        Assert.False(outcome.Succeeded);
        Assert.Empty(_cluster.Server.ListPods(FakeCluster.Namespace));
    }

    [Fact]
    public async Task RunAsync_DeletesPod_WhenCancelled()
    {
        var launch = FakeCluster.Launch("batch_5", image: "test/sleep");
        using var cancel = new CancellationTokenSource();
        var run = _cluster.Executor().RunAsync(launch, cancel.Token);
        await _cluster.Server.WaitForPodAsync(FakeCluster.Namespace, p => p.Status?.Phase == "Running", TimeSpan.FromSeconds(10));

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Empty(_cluster.Server.ListPods(FakeCluster.Namespace));
    }

    [Fact]
    public async Task RunAsync_AdoptsRunningPod_WhenRestartedOrchestratorRunsSameAttempt()
    {
        var runs = Path.Combine(_cluster.Root, "runs.txt");
        var launch = FakeCluster.Launch("batch_6", image: "test/counted") with
        {
            Environment = new Dictionary<string, string> { ["RUNS_FILE"] = runs },
        };
        var podName = PodNames.ForAttempt(launch.Spec);
        // The orchestrator that died had created the pod; it is running when the new one starts.
        var options = _cluster.Options();
        await _cluster.Client.CoreV1.CreateNamespacedPodAsync(
            PodManifest.Build(launch, KubernetesResources.ForLaunch(launch, options), options), FakeCluster.Namespace);
        await _cluster.Server.WaitForPodAsync(FakeCluster.Namespace, p => p.Status?.Phase == "Running", TimeSpan.FromSeconds(10));

        var outcome = await _cluster.Executor(options).RunAsync(launch, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(3, outcome.Result?.Rows);
        Assert.Single(await File.ReadAllLinesAsync(runs));
        Assert.Equal(2, _cluster.CreateCalls(podName));
        Assert.Single(_cluster.Server.RecordedCalls, c => c.Verb == "create" && c.StatusCode == 201);
        Assert.Single(_cluster.Server.RecordedCalls, c => c.Verb == "create" && c.StatusCode == 409);
        Assert.Empty(_cluster.Server.ListPods(FakeCluster.Namespace));
    }

    [Fact]
    public async Task RunAsync_CollectsOutcome_WhenAdoptedPodAlreadyFinished()
    {
        var launch = FakeCluster.Launch("finish", kind: TaskKinds.TableFinish);
        var options = _cluster.Options();
        await _cluster.Client.CoreV1.CreateNamespacedPodAsync(
            PodManifest.Build(launch, KubernetesResources.ForLaunch(launch, options), options), FakeCluster.Namespace);
        await _cluster.Server.WaitForPodAsync(FakeCluster.Namespace, p => p.Status?.Phase == "Succeeded", TimeSpan.FromSeconds(10));

        var outcome = await _cluster.Executor(options).RunAsync(launch, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(5, outcome.Result?.Rows);
        Assert.True(File.Exists(outcome.LogLocation));
        Assert.Empty(_cluster.Server.ListPods(FakeCluster.Namespace));
    }

    [Fact]
    public async Task RunAsync_ResumesWatch_WhenStreamsCloseMidRun()
    {
        var launch = FakeCluster.Launch("batch_7", image: "test/slow-success");
        var run = _cluster.Executor().RunAsync(launch, CancellationToken.None);
        await _cluster.Server.WaitForPodAsync(FakeCluster.Namespace, p => p.Status?.Phase == "Running", TimeSpan.FromSeconds(10));

        var closed = 0;
        for (var i = 0; i < 3; i++)
        {
            await WaitForOpenWatchAsync();
            closed += _cluster.Server.CloseWatchStreams();
        }
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(7, outcome.Result?.Rows);
        Assert.Equal(3, closed);
        var watches = _cluster.Server.RecordedCalls.Count(c => c.Verb == "watch");
        Assert.True(watches >= 4, $"expected the watch to be reopened after each close, saw {watches} watch calls");
    }

    [Fact]
    public async Task RunAsync_ReadsPodAgain_WhenResumedWatchIsExpired()
    {
        var launch = FakeCluster.Launch("batch_8", image: "test/slow-success");
        var run = _cluster.Executor().RunAsync(launch, CancellationToken.None);
        await _cluster.Server.WaitForPodAsync(FakeCluster.Namespace, p => p.Status?.Phase == "Running", TimeSpan.FromSeconds(10));
        await WaitForOpenWatchAsync();
        var listsBefore = _cluster.Server.RecordedCalls.Count(c => c.Verb == "list");

        _cluster.Server.ExpireWatchHistory();
        // An event the executor has not seen, then a dropped stream: resuming from its old resourceVersion is 410 Gone.
        _cluster.Server.CloseWatchStreams();
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(outcome.Succeeded, outcome.Error);
        var lists = _cluster.Server.RecordedCalls.Count(c => c.Verb == "list");
        Assert.True(lists > listsBefore, "the pod is listed again after 410 Gone");
    }

    [Fact]
    public async Task RemoveOrphanedPodsAsync_DeletesOnlyPodsOfInactiveAttempts_WhenOrchestratorStarts()
    {
        var options = _cluster.Options();
        var active = FakeCluster.Launch("batch_1", image: "test/sleep");
        var orphan = FakeCluster.Launch("batch_2", image: "test/sleep");
        var otherInstance = FakeCluster.Launch("batch_3", image: "test/sleep");
        foreach (var (launch, opts) in new[] { (active, options), (orphan, options), (otherInstance, options with { Instance = "other" }) })
        {
            await _cluster.Client.CoreV1.CreateNamespacedPodAsync(
                PodManifest.Build(launch, KubernetesResources.ForLaunch(launch, opts), opts), FakeCluster.Namespace);
        }
        var executor = _cluster.Executor(options);

        var removed = await executor.RemoveOrphanedPodsAsync([active.AttemptKey], CancellationToken.None);

        Assert.Equal([PodNames.ForAttempt(orphan.Spec)], removed);
        var left = _cluster.Server.ListPods(FakeCluster.Namespace).Select(p => p.Metadata.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { PodNames.ForAttempt(active.Spec), PodNames.ForAttempt(otherInstance.Spec) }.Order(StringComparer.Ordinal), left);
    }

    private static TableSyncSpec Table(string connection) => new()
    {
        Source = "file:///warehouse/orders",
        TargetConnection = connection,
        TargetDatabase = "dw",
        TargetTable = "orders",
    };

    private async Task WaitForOpenWatchAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (_cluster.Server.OpenWatchStreams == 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("no watch stream was opened within 10 s");
            await Task.Delay(10);
        }
    }
}
