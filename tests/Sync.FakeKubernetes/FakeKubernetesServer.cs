using System.Globalization;
using System.Text;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sync.FakeKubernetes;

/// <summary>
/// A Kubernetes API server for tests, on Kestrel at 127.0.0.1 on a free port. It speaks the wire format of the pod
/// calls a client makes (JSON bodies, <c>Status</c> errors, <c>?watch=true</c> event streams with resourceVersion
/// resume and 410 Gone, <c>pods/{name}/log</c>), records every call, and runs each pod's container as a local
/// process through its kubelet. Drive it with the real KubernetesClient:
/// <c>new Kubernetes(new KubernetesClientConfiguration { Host = server.Url })</c>.
/// </summary>
public sealed class FakeKubernetesServer : IAsyncDisposable
{
    /// <summary>Returned by a handler that recorded its call itself.</summary>
    private const int AlreadyRecorded = -1;

    private readonly WebApplication _app;
    private readonly PodStore _store;
    private readonly FakeKubelet _kubelet;
    private readonly Lock _callsGate = new();
    private readonly List<RecordedCall> _calls = [];
    private readonly CancellationTokenSource _stopping = new();

    private FakeKubernetesServer(WebApplication app, PodStore store, FakeKubelet kubelet)
    {
        _app = app;
        _store = store;
        _kubelet = kubelet;
    }

    /// <summary>Base URL of the API server, e.g. <c>http://127.0.0.1:43121</c>.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Every API call so far, in arrival order.</summary>
    public IReadOnlyList<RecordedCall> RecordedCalls
    {
        get { lock (_callsGate) return _calls.ToList(); }
    }

    /// <summary>
    /// When set, a container whose memory limit is below this many bytes is killed shortly after it starts and
    /// reported as <c>OOMKilled</c> with exit code 137, as the kernel's OOM killer would.
    /// </summary>
    public long? OomKillBelowMemoryLimitBytes
    {
        get => _kubelet.OomKillBelowMemoryLimitBytes;
        set => _kubelet.OomKillBelowMemoryLimitBytes = value;
    }

    public static async Task<FakeKubernetesServer> StartAsync(FakeKubernetesOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var store = new PodStore(options.HistoryLimit);
        var server = new FakeKubernetesServer(app, store, new FakeKubelet(store, options));
        server.MapRoutes();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        return server;
    }

    /// <summary>Registers a Secret the kubelet resolves <c>secretKeyRef</c> environment against.</summary>
    public void AddSecret(string ns, string name, IReadOnlyDictionary<string, string> data) => _kubelet.AddSecret(ns, name, data);

    public V1Pod? GetPod(string ns, string name) => _store.Get(ns, name);

    public IReadOnlyList<V1Pod> ListPods(string ns) => _store.List(ns, _ => true).Items;

    /// <summary>Watch streams open right now.</summary>
    public int OpenWatchStreams => _store.OpenWatches;

    /// <summary>Ends every open watch stream, as a dropped connection or an API server restart does. Returns how many.</summary>
    public int CloseWatchStreams() => _store.CloseWatches();

    /// <summary>Forgets the watch history: resuming from an earlier resourceVersion then gets 410 Gone (Expired).</summary>
    public void ExpireWatchHistory() => _store.CompactHistory();

    /// <summary>Waits until a pod in the namespace satisfies the predicate; throws naming the wait after the timeout.</summary>
    public async Task<V1Pod> WaitForPodAsync(string ns, Func<V1Pod, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var match = _store.List(ns, predicate).Items.FirstOrDefault();
            if (match is not null) return match;
            if (DateTime.UtcNow > deadline)
            {
                var states = string.Join(", ", ListPods(ns).Select(p => $"{p.Metadata.Name}={p.Status?.Phase}"));
                throw new TimeoutException($"no pod in namespace {ns} reached the awaited state within {timeout.TotalSeconds:0.#}s; pods: [{states}]");
            }
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _store.CloseWatches();
        await _kubelet.DisposeAsync().ConfigureAwait(false);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void MapRoutes()
    {
        const string Pods = "/api/v1/namespaces/{ns}/pods";
        _app.MapPost(Pods, CreateAsync);
        _app.MapGet(Pods, ListOrWatchAsync);
        _app.MapGet(Pods + "/{name}", GetAsync);
        _app.MapDelete(Pods + "/{name}", DeleteAsync);
        _app.MapGet(Pods + "/{name}/log", LogAsync);
        _app.MapFallback(async context =>
        {
            Record(context.Request.Method.ToLowerInvariant(), context.Request.Path, null, "", null, 404, null);
            await WriteStatusAsync(context, 404, FakeApiException.StatusJson(404, "NotFound", $"the server could not find the requested resource ({context.Request.Method} {context.Request.Path})", null)).ConfigureAwait(false);
        });
    }

    private async Task CreateAsync(HttpContext context, string ns)
    {
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }
        await HandleAsync(context, "create", ns, null, null, body, async () =>
        {
            V1Pod pod;
            try
            {
                pod = KubernetesJson.Deserialize<V1Pod>(body);
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw FakeApiException.BadRequest($"the body of the request was in an unknown format: {ex.Message}");
            }
            PodValidation.Validate(pod, ns);
            pod.Status = new V1PodStatus
            {
                Phase = "Pending",
                QosClass = QosClassOf(pod),
                ContainerStatuses = [new V1ContainerStatus
                {
                    Name = pod.Spec.Containers[0].Name, Image = pod.Spec.Containers[0].Image, ImageID = "", Ready = false, RestartCount = 0,
                    State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } },
                }],
            };
            var created = _store.Create(ns, pod, DateTime.UtcNow);
            _kubelet.Start(ns, created.Metadata.Name);
            await WriteJsonAsync(context, 201, created).ConfigureAwait(false);
            return 201;
        }).ConfigureAwait(false);
    }

    private Task GetAsync(HttpContext context, string ns, string name) =>
        HandleAsync(context, "get", ns, name, null, null, async () =>
        {
            var pod = _store.Get(ns, name) ?? throw FakeApiException.NotFound(name);
            await WriteJsonAsync(context, 200, pod).ConfigureAwait(false);
            return 200;
        });

    private async Task DeleteAsync(HttpContext context, string ns, string name) =>
        await HandleAsync(context, "delete", ns, name, null, null, async () =>
        {
            var deleted = _store.Delete(ns, name, DateTime.UtcNow);
            await _kubelet.StopAsync(ns, name).ConfigureAwait(false);
            await WriteJsonAsync(context, 200, deleted).ConfigureAwait(false);
            return 200;
        }).ConfigureAwait(false);

    private Task LogAsync(HttpContext context, string ns, string name) =>
        HandleAsync(context, "get", ns, name, "log", null, async () =>
        {
            var pod = _store.Get(ns, name) ?? throw FakeApiException.NotFound(name);
            var container = pod.Spec.Containers[0].Name;
            if (context.Request.Query["container"] is { Count: > 0 } requested && requested[0] != container)
                throw FakeApiException.BadRequest($"container {requested[0]} is not valid for pod {name}");
            var log = _kubelet.GetLog(ns, name)
                ?? throw FakeApiException.BadRequest($"container \"{container}\" in pod \"{name}\" is waiting to start: ContainerCreating");
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(log, context.RequestAborted).ConfigureAwait(false);
            return 200;
        });

    private Task ListOrWatchAsync(HttpContext context, string ns)
    {
        var query = context.Request.Query;
        var watch = query["watch"] is { Count: > 0 } w && (w[0] == "true" || w[0] == "1");
        return HandleAsync(context, watch ? "watch" : "list", ns, null, null, null, async () =>
        {
            var labels = LabelSelector.Parse(query["labelSelector"], "labelSelector");
            var fields = LabelSelector.Parse(query["fieldSelector"], "fieldSelector");
            foreach (var key in fields.Keys)
            {
                if (key is not ("metadata.name" or "metadata.namespace" or "status.phase"))
                    throw FakeApiException.BadRequest($"\"{key}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\", \"status.phase\"");
            }
            bool Filter(V1Pod pod) =>
                labels.Matches(k => pod.Metadata.Labels is { } l && l.TryGetValue(k, out var v) ? v : null)
                && fields.Matches(k => k switch
                {
                    "metadata.name" => pod.Metadata.Name,
                    "metadata.namespace" => pod.Metadata.NamespaceProperty,
                    _ => pod.Status?.Phase,
                });

            if (!watch)
            {
                var (items, rv) = _store.List(ns, Filter);
                var list = new V1PodList
                {
                    ApiVersion = "v1",
                    Kind = "PodList",
                    Metadata = new V1ListMeta { ResourceVersion = rv.ToString(CultureInfo.InvariantCulture) },
                    Items = items.ToList(),
                };
                await WriteJsonAsync(context, 200, list).ConfigureAwait(false);
                return 200;
            }
            // A watch is recorded when it opens: its stream may stay open for as long as the client wants.
            Record("watch", "pods", null, ns, null, 200, null);
            await WatchAsync(context, ns, query, Filter).ConfigureAwait(false);
            return AlreadyRecorded;
        });
    }

    private async Task WatchAsync(HttpContext context, string ns, IQueryCollection query, Func<V1Pod, bool> filter)
    {
        long? from = null;
        if (query["resourceVersion"] is { Count: > 0 } rvText && !string.IsNullOrEmpty(rvText[0]) && rvText[0] != "0")
        {
            from = long.TryParse(rvText[0], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw FakeApiException.BadRequest($"invalid resourceVersion \"{rvText[0]}\"");
        }
        var timeout = query["timeoutSeconds"] is { Count: > 0 } t && int.TryParse(t[0], CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromMinutes(30);

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        PodWatch watch;
        try
        {
            watch = _store.Watch(ns, filter, from);
        }
        catch (FakeApiException ex) when (ex.Code == 410)
        {
            // A too-old resourceVersion is reported inside a 200 stream as an ERROR event, as the API server does.
            await context.Response.WriteAsync("{\"type\":\"ERROR\",\"object\":" + ex.ToStatusJson() + "}\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }
        try
        {
            await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            using var ends = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            ends.CancelAfter(timeout);
            await foreach (var line in watch.Lines.ReadAllAsync(ends.Token).ConfigureAwait(false))
            {
                await context.Response.WriteAsync(line + "\n", ends.Token).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(ends.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Timeout, client gone or server stopping: the stream just ends.
        }
        finally
        {
            _store.Unwatch(watch);
        }
    }

    private async Task HandleAsync(
        HttpContext context, string verb, string ns, string? name, string? subresource, string? body, Func<Task<int>> handler)
    {
        int status;
        try
        {
            status = await handler().ConfigureAwait(false);
        }
        catch (FakeApiException ex)
        {
            status = ex.Code;
            await WriteStatusAsync(context, ex.Code, ex.ToStatusJson()).ConfigureAwait(false);
        }
        if (status != AlreadyRecorded) Record(verb, "pods", subresource, ns, name, status, body);
    }

    private void Record(string verb, string resource, string? subresource, string ns, string? name, int status, string? body)
    {
        lock (_callsGate) _calls.Add(new RecordedCall(verb, resource, subresource, ns, name, status, body));
    }

    private static async Task WriteStatusAsync(HttpContext context, int code, string statusJson)
    {
        if (context.Response.HasStarted) return;
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(statusJson, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteJsonAsync(HttpContext context, int statusCode, object value)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(KubernetesJson.Serialize(value), context.RequestAborted).ConfigureAwait(false);
    }

    private static string QosClassOf(V1Pod pod)
    {
        var resources = pod.Spec.Containers[0].Resources;
        if (resources?.Limits is not { Count: > 0 } && resources?.Requests is not { Count: > 0 }) return "BestEffort";
        var guaranteed = resources?.Limits is { } limits && limits.ContainsKey("cpu") && limits.ContainsKey("memory")
            && (resources.Requests is null || resources.Requests.All(r => limits.TryGetValue(r.Key, out var l) && l.ToDecimal() == r.Value.ToDecimal()));
        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
