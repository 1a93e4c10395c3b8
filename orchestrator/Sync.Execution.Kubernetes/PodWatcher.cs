using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Sync.Execution.Kubernetes;

/// <summary>
/// Follows one pod with <c>?watch=true</c> until it reaches the state waited for or is deleted. A stream that ends
/// (server timeout, dropped connection) is resumed from the last resourceVersion seen, so no event is lost; a
/// resourceVersion the server no longer keeps (410 Gone / Expired) makes it read the pod again and watch from there.
/// </summary>
internal sealed class PodWatcher
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly IKubernetes _client;
    private readonly KubernetesExecutorOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public PodWatcher(IKubernetes client, KubernetesExecutorOptions options, ILogger logger, TimeProvider time)
    {
        _client = client;
        _options = options;
        _logger = logger;
        _time = time;
    }

    public async Task<PodWatchResult> WaitAsync(string name, Func<V1Pod, bool> isDone, CancellationToken cancellationToken)
    {
        string? resourceVersion = null;
        V1Pod? last = null;
        var failures = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (resourceVersion is null)
            {
                // List, not get: the list's resourceVersion is the collection's, which a watch can start from
                // even when the pod itself last changed before the server's compaction point.
                var (current, listVersion) = await ListAsync(name, cancellationToken).ConfigureAwait(false);
                if (current is null) return new PodWatchResult(last, Deleted: true);
                last = current;
                if (isDone(current)) return new PodWatchResult(current, Deleted: false);
                resourceVersion = listVersion;
            }

            KubernetesException? streamError = null;
            Exception? otherError = null;
            var events = 0;
            try
            {
#pragma warning disable CS0618 // The watch-as-async-enumerable API is the one this client version offers.
                var stream = _client.CoreV1.WatchListNamespacedPodAsync(
                    namespaceParameter: _options.Namespace,
                    fieldSelector: $"metadata.name={name}",
                    resourceVersion: resourceVersion,
                    allowWatchBookmarks: true,
                    timeoutSeconds: (int)_options.WatchTimeout.TotalSeconds,
                    onError: e =>
                    {
                        if (e is KubernetesException k) streamError ??= k;
                        else otherError ??= e;
                    },
                    cancellationToken: cancellationToken);
#pragma warning restore CS0618
                await foreach (var (type, pod) in stream.ConfigureAwait(false))
                {
                    events++;
                    if (pod?.Metadata?.ResourceVersion is { Length: > 0 } rv) resourceVersion = rv;
                    if (type == WatchEventType.Bookmark || pod is null) continue;
                    if (type == WatchEventType.Deleted) return new PodWatchResult(pod, Deleted: !isDone(pod));
                    last = pod;
                    if (isDone(pod)) return new PodWatchResult(pod, Deleted: false);
                }
            }
            catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.Gone)
            {
                Log.WatchExpired(_logger, name);
                resourceVersion = null;
                continue;
            }
            catch (Exception ex) when (IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                otherError = ex;
            }

            if (streamError?.Status?.Code == (int)HttpStatusCode.Gone)
            {
                Log.WatchExpired(_logger, name);
                resourceVersion = null;
                continue;
            }
            if (streamError is not null || otherError is not null || events == 0)
            {
                // Errors and streams that end at once back off, so a failing server is not hammered.
                failures++;
                var delay = Backoff(failures);
                Log.WatchFailed(_logger, streamError ?? otherError ?? new IOException($"watch of pod {name} ended without an event"), name, failures, delay);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                if (streamError is not null) resourceVersion = null;
                continue;
            }
            failures = 0;
            Log.WatchResumed(_logger, name, resourceVersion);
        }
    }

    /// <summary>Lists the one pod by name: the pod (null when it does not exist) and the list's resourceVersion.</summary>
    private async Task<(V1Pod? Pod, string? ResourceVersion)> ListAsync(string name, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (true)
        {
            using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            call.CancelAfter(_options.ApiTimeout);
            try
            {
                var list = await _client.CoreV1.ListNamespacedPodAsync(
                    _options.Namespace, fieldSelector: $"metadata.name={name}", cancellationToken: call.Token).ConfigureAwait(false);
                var pod = list.Items.FirstOrDefault(p => p.Metadata.Name == name);
                return (pod, list.Metadata?.ResourceVersion ?? pod?.Metadata.ResourceVersion);
            }
            catch (Exception ex) when (IsTransient(ex) && !cancellationToken.IsCancellationRequested && failures < 5)
            {
                failures++;
                var delay = Backoff(failures);
                Log.WatchFailed(_logger, ex, name, failures, delay);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads the pod; null when it does not exist.</summary>
    public async Task<V1Pod?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (true)
        {
            using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            call.CancelAfter(_options.ApiTimeout);
            try
            {
                return await _client.CoreV1.ReadNamespacedPodAsync(name, _options.Namespace, cancellationToken: call.Token).ConfigureAwait(false);
            }
            catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
            catch (Exception ex) when (IsTransient(ex) && !cancellationToken.IsCancellationRequested && failures < 5)
            {
                failures++;
                var delay = Backoff(failures);
                Log.WatchFailed(_logger, ex, name, failures, delay);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Network trouble, timeouts and 429/5xx answers: worth trying again.</summary>
    internal static bool IsTransient(Exception ex) => ex switch
    {
        HttpOperationException http => http.Response?.StatusCode is { } code && ((int)code == 429 || (int)code >= 500),
        HttpRequestException or IOException or OperationCanceledException => true,
        _ => false,
    };

    private static TimeSpan Backoff(int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(failures - 1, 10))));
}
