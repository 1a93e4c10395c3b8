using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sync.Tasks;

namespace Sync.Execution.Kubernetes;

/// <summary>
/// Runs each task attempt as one pod. <see cref="RunAsync"/> creates the pod (one API call; many attempts run at
/// once), watches it to Succeeded/Failed, copies its log to the <see cref="IPodLogSink"/>, reads the worker's result
/// line from the log, deletes the pod and reports the exit code, OOMKilled and timeout. The pod name is derived from
/// the attempt key, so calling <see cref="RunAsync"/> again for a running attempt (after an orchestrator restart) gets
/// 409 AlreadyExists and adopts that pod instead of starting a second one. On cancellation and timeout the pod is
/// deleted. <see cref="RemoveOrphanedPodsAsync"/> removes pods of attempts the orchestrator no longer runs.
/// </summary>
public sealed class KubernetesExecutor : ITaskExecutor
{
    public const string ExecutorName = "kubernetes";

    /// <summary>Bytes of the end of the log kept in memory to find the result line.</summary>
    private const int ResultTailBytes = 64 * 1024;

    private readonly IKubernetes _client;
    private readonly KubernetesExecutorOptions _options;
    private readonly IPodLogSink _logSink;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly PodWatcher _watcher;

    public KubernetesExecutor(
        IKubernetes client,
        KubernetesExecutorOptions options,
        IPodLogSink? logSink = null,
        ILogger<KubernetesExecutor>? logger = null,
        TimeProvider? timeProvider = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _logSink = logSink ?? new FolderPodLogSink(options.LogFolder);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _watcher = new PodWatcher(_client, _options, _logger, _time);
    }

    public string Name => ExecutorName;

    public async Task<TaskOutcome> RunAsync(TaskLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var attemptKey = launch.AttemptKey;
        var resources = KubernetesResources.ForLaunch(launch, _options);
        V1Pod manifest;
        try
        {
            manifest = PodManifest.Build(launch, resources, _options);
        }
        catch (PodManifestException ex)
        {
            return new TaskOutcome { ExitCode = ExitCodes.Permanent, Error = ex.Message, Resources = resources };
        }
        var name = manifest.Metadata.Name;

        V1Pod pod;
        try
        {
            pod = await CreateOrAdoptAsync(manifest, attemptKey, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The create may have reached the server before the cancellation did.
            await DeleteQuietlyAsync(name).ConfigureAwait(false);
            throw;
        }
        catch (PodManifestException ex)
        {
            return new TaskOutcome { ExitCode = ExitCodes.Permanent, Error = ex.Message, Resources = resources };
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or IOException or OperationCanceledException)
        {
            return new TaskOutcome
            {
                ExitCode = ExitCodes.Retryable,
                Error = $"pod {name} could not be created in namespace {_options.Namespace}: {Describe(ex)}",
                Resources = resources,
            };
        }

        // The deadline counts from the pod's creation, so an adopting orchestrator does not extend it. An infinite
        // timeout (a long-lived feature-sync worker) has none.
        var created = pod.Metadata.CreationTimestamp is { } ts ? new DateTimeOffset(DateTime.SpecifyKind(ts, DateTimeKind.Utc)) : _time.GetUtcNow();
        var remaining = launch.Timeout == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : created + launch.Timeout - _time.GetUtcNow();
        using var deadline = new CancellationTokenSource(remaining > TimeSpan.Zero || remaining == Timeout.InfiniteTimeSpan ? remaining : TimeSpan.Zero, _time);
        using var watchCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);

        PodWatchResult watched;
        try
        {
            watched = await _watcher.WaitAsync(name, PodState.IsDone, watchCancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.PodCancelled(_logger, attemptKey, name);
            await DeleteQuietlyAsync(name).ConfigureAwait(false);
            throw;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Log.PodTimedOut(_logger, attemptKey, launch.Timeout, name);
            var (location, _, logError) = await SaveLogAsync(launch, name).ConfigureAwait(false);
            await DeleteQuietlyAsync(name).ConfigureAwait(false);
            return new TaskOutcome
            {
                ExitCode = ExitCodes.Retryable,
                TimedOut = true,
                LogLocation = location,
                Error = Join($"attempt ran longer than its timeout of {launch.Timeout}; pod {name} deleted", logError),
                Resources = resources,
            };
        }
        catch (Exception ex) when (ex is HttpOperationException or KubernetesException or HttpRequestException or IOException)
        {
            // Without a watch nobody would see the pod end; remove it so a retry cannot run beside it.
            await DeleteQuietlyAsync(name).ConfigureAwait(false);
            return new TaskOutcome
            {
                ExitCode = ExitCodes.Retryable,
                Error = $"watching pod {name} failed: {Describe(ex)}; pod deleted",
                Resources = resources,
            };
        }

        return await FinishAsync(launch, name, watched, resources).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes every pod of this executor instance whose attempt is not in <paramref name="activeAttemptKeys"/>
    /// (the orchestrator calls it on start, before relaunching its active attempts). Returns the deleted pod names.
    /// </summary>
    public async Task<IReadOnlyList<string>> RemoveOrphanedPodsAsync(IEnumerable<string> activeAttemptKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activeAttemptKeys);
        var active = new HashSet<string>(activeAttemptKeys, StringComparer.Ordinal);
        V1PodList pods;
        using (var call = CallTimeout(cancellationToken))
        {
            pods = await _client.CoreV1.ListNamespacedPodAsync(
                _options.Namespace, labelSelector: PodLabels.SelectorFor(_options.Instance), cancellationToken: call.Token).ConfigureAwait(false);
        }
        var deleted = new List<string>();
        foreach (var pod in pods.Items)
        {
            string? key = null;
            if (pod.Metadata.Annotations?.TryGetValue(PodLabels.AttemptKeyAnnotation, out var annotated) == true) key = annotated;
            if (key is not null && active.Contains(key)) continue;
            using var call = CallTimeout(cancellationToken);
            try
            {
                await _client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, _options.Namespace, cancellationToken: call.Token).ConfigureAwait(false);
            }
            catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.NotFound)
            {
                // Already gone.
            }
            Log.OrphanDeleted(_logger, pod.Metadata.Name, key);
            deleted.Add(pod.Metadata.Name);
        }
        return deleted;
    }

    private async Task<V1Pod> CreateOrAdoptAsync(V1Pod manifest, string attemptKey, CancellationToken cancellationToken)
    {
        var name = manifest.Metadata.Name;
        // A pod found by name may vanish before it is read (it was being deleted): then create again, a few times.
        for (var round = 1; ; round++)
        {
            try
            {
                using var call = CallTimeout(cancellationToken);
                var created = await _client.CoreV1.CreateNamespacedPodAsync(manifest, _options.Namespace, cancellationToken: call.Token).ConfigureAwait(false);
                Log.PodCreated(_logger, name, _options.Namespace, attemptKey);
                return created;
            }
            catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.Conflict)
            {
                var existing = await _watcher.ReadAsync(name, cancellationToken).ConfigureAwait(false);
                if (existing is null && round < 3) continue;
                if (existing is null) throw;
                var owner = existing.Metadata.Annotations?.TryGetValue(PodLabels.AttemptKeyAnnotation, out var key) == true ? key : null;
                if (owner != attemptKey)
                    throw new PodManifestException(attemptKey, $"pod {name} already exists for another attempt ({owner ?? "no sync/attempt-key annotation"})");
                Log.PodAdopted(_logger, name, attemptKey);
                return existing;
            }
        }
    }

    private async Task<TaskOutcome> FinishAsync(TaskLaunch launch, string name, PodWatchResult watched, ResourceSpec resources)
    {
        var pod = watched.Pod;
        if (watched.Deleted || pod is null)
        {
            return new TaskOutcome
            {
                ExitCode = ExitCodes.Retryable,
                Error = $"pod {name} was deleted before it finished (evicted, or removed by someone else)",
                Resources = resources,
            };
        }
        if (PodState.StuckWaiting(pod) is { } stuck)
        {
            await DeleteQuietlyAsync(name).ConfigureAwait(false);
            return new TaskOutcome
            {
                ExitCode = ExitCodes.Permanent,
                Error = $"pod {name} could not start its container: {stuck.Reason}: {stuck.Message}",
                Resources = resources,
            };
        }

        var terminated = PodState.Terminated(pod);
        var exitCode = terminated?.ExitCode ?? ExitCodes.Retryable;
        var oomKilled = terminated?.Reason == "OOMKilled";
        var deadlineExceeded = pod.Status?.Reason == "DeadlineExceeded";
        Log.PodEnded(_logger, name, launch.AttemptKey, pod.Status?.Phase, exitCode, terminated?.Reason ?? pod.Status?.Reason);

        string? location = null;
        TaskResult? result = null;
        string? logError = null;
        var keepPod = false;
        if (PodState.HasStarted(pod))
        {
            (location, result, logError) = await SaveLogAsync(launch, name).ConfigureAwait(false);
            keepPod = logError is not null;
        }
        if (!keepPod) await DeleteQuietlyAsync(name).ConfigureAwait(false);

        string? error = null;
        if (oomKilled)
            error = $"pod {name} was OOMKilled at a memory limit of {KubernetesResources.FormatBytes(resources.MemoryLimitBytes ?? 0)}";
        else if (deadlineExceeded)
            error = $"pod {name} passed its activeDeadlineSeconds: {pod.Status?.Message}";
        else if (pod.Status?.Phase == "Failed")
            error = $"pod {name} failed: exit code {exitCode}" + (terminated?.Reason is { } r ? $" ({r})" : pod.Status?.Reason is { } pr ? $" ({pr}: {pod.Status.Message})" : "");
        return new TaskOutcome
        {
            ExitCode = exitCode,
            Result = result,
            OomKilled = oomKilled,
            TimedOut = deadlineExceeded,
            LogLocation = location,
            Error = Join(error, logError),
            Resources = resources,
        };
    }

    /// <summary>Copies the pod log to the sink; returns its location and the result line, or the reason it failed.</summary>
    private async Task<(string? Location, TaskResult? Result, string? Error)> SaveLogAsync(TaskLaunch launch, string name)
    {
        // Runs after the attempt's own token may have fired (timeout): a bounded token of its own.
        using var call = new CancellationTokenSource(_options.ApiTimeout * 4, _time);
        try
        {
            var log = await _client.CoreV1.ReadNamespacedPodLogAsync(
                name, _options.Namespace, container: KubernetesExecutorOptions.DefaultContainerName, cancellationToken: call.Token).ConfigureAwait(false);
            var tail = new LogTailStream(log, ResultTailBytes);
            await using (tail.ConfigureAwait(false))
            {
                var location = await _logSink.SaveAsync(launch, name, tail, call.Token).ConfigureAwait(false);
                return (location, WorkerResultLine.Find(tail.Tail()), null);
            }
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            Log.LogNotSaved(_logger, ex, name, launch.AttemptKey);
            return (null, null, $"log of pod {name} not saved: {Describe(ex)}");
        }
    }

    private async Task DeleteQuietlyAsync(string name)
    {
        using var call = new CancellationTokenSource(_options.ApiTimeout, _time);
        try
        {
            await _client.CoreV1.DeleteNamespacedPodAsync(name, _options.Namespace, cancellationToken: call.Token).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone.
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or IOException or OperationCanceledException)
        {
            // Left to orphan cleanup on the next start; logged so the leftover pod can be explained.
            Log.DeleteFailed(_logger, ex, name);
        }
    }

    private CancellationTokenSource CallTimeout(CancellationToken cancellationToken)
    {
        var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        call.CancelAfter(_options.ApiTimeout);
        return call;
    }

    private static string Describe(Exception ex) => ex switch
    {
        HttpOperationException http => $"HTTP {(int?)http.Response?.StatusCode} {StatusMessage(http.Response?.Content) ?? http.Message}",
        KubernetesException k => $"{k.Status?.Code} {k.Status?.Reason}: {k.Status?.Message ?? k.Message}",
        _ => ex.Message,
    };

    /// <summary>The message of a <c>Status</c> error body, which names what went wrong better than the HTTP code.</summary>
    private static string? StatusMessage(string? body)
    {
        if (string.IsNullOrEmpty(body)) return null;
        try
        {
            return KubernetesJson.Deserialize<V1Status>(body)?.Message ?? body;
        }
        catch (System.Text.Json.JsonException)
        {
            return body;
        }
    }

    private static string? Join(string? first, string? second) =>
        first is null ? second : second is null ? first : first + "; " + second;
}
