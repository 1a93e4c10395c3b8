using k8s;
using Sync.Execution;
using Sync.FakeKubernetes;
using Sync.Tasks;

namespace Sync.Execution.Kubernetes.Tests;

/// <summary>
/// A fake API server whose images are shell scripts, the real client pointed at it, and a log folder. The script of
/// an image sees the worker's arguments: <c>$0</c>=task <c>$1</c>=run <c>$2</c>=--spec-json <c>$3</c>=the spec JSON.
/// </summary>
internal sealed class FakeCluster : IAsyncDisposable
{
    public const string Namespace = "sync-test";
    private readonly Dictionary<string, string> _scripts;

    private FakeCluster(FakeKubernetesServer server, Dictionary<string, string> scripts, string root)
    {
        Server = server;
        _scripts = scripts;
        Root = root;
        Client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = server.Url });
    }

    public FakeKubernetesServer Server { get; }

    public IKubernetes Client { get; }

    /// <summary>Scratch folder of the test: logs, marker files.</summary>
    public string Root { get; }

    public string LogFolder => Path.Combine(Root, "logs");

    public static async Task<FakeCluster> StartAsync(IReadOnlyDictionary<string, string> imageScripts)
    {
        var scripts = new Dictionary<string, string>(imageScripts);
        var root = Path.Combine(Path.GetTempPath(), "sync-k8s-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var server = await FakeKubernetesServer.StartAsync(new FakeKubernetesOptions
        {
            ResolveImage = image => scripts.TryGetValue(image, out var script) ? ["/bin/sh", "-c", script] : null,
            StartDelay = TimeSpan.FromMilliseconds(30),
            WorkRoot = root,
        });
        return new FakeCluster(server, scripts, root);
    }

    public KubernetesExecutorOptions Options(Func<KubernetesExecutorOptions, KubernetesExecutorOptions>? change = null)
    {
        var options = new KubernetesExecutorOptions
        {
            Namespace = Namespace,
            Image = "test/success",
            LogFolder = LogFolder,
            WatchTimeout = TimeSpan.FromSeconds(30),
            ApiTimeout = TimeSpan.FromSeconds(10),
        };
        return change is null ? options : change(options);
    }

    public KubernetesExecutor Executor(KubernetesExecutorOptions? options = null) =>
        new(Client, options ?? Options());

    public static TaskLaunch Launch(
        string taskId,
        string? image = null,
        int attempt = 1,
        string kind = TaskKinds.Command,
        BatchSpec? batch = null,
        ResourceSpec? resources = null,
        TimeSpan? timeout = null,
        TableSyncSpec? table = null,
        string runId = "manual__2026-11-23T09:00:00+00:00") => new()
    {
        Spec = new TaskSpec
        {
            Kind = kind,
            DagId = "orders_sync",
            RunId = runId,
            TaskId = taskId,
            Attempt = attempt,
            Batch = batch,
            Table = table,
        },
        Image = image,
        Resources = resources ?? new ResourceSpec(),
        Timeout = timeout ?? TimeSpan.FromMinutes(2),
    };

    public int CreateCalls(string podName) =>
        Server.RecordedCalls.Count(c => c.Verb == "create" && c.Name is null && c.Body is not null && c.Body.Contains($"\"name\":\"{podName}\"", StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process of a deleted pod may still hold a file for a moment; the temp folder is cleaned by the system.
        }
    }
}
