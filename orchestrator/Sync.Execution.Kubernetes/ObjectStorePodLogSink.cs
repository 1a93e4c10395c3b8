using System.Globalization;
using Sync.Storage;

namespace Sync.Execution.Kubernetes;

/// <summary>
/// Copies pod logs to an object store (<c>Sync:Kubernetes:LogPrefix</c>, e.g. <c>oss://bucket/sync/logs</c>) as
/// <c>&lt;prefix&gt;/&lt;dag&gt;/&lt;run&gt;/&lt;task&gt;.&lt;attempt&gt;.log</c>, before the pod is deleted, so the
/// log outlives the pod and the node; the dashboard reads it back from there. A put is atomic: a log appears whole
/// or not at all.
/// </summary>
public sealed class ObjectStorePodLogSink : IPodLogSink
{
    private readonly IObjectStore _store;
    private readonly string _prefix;

    public ObjectStorePodLogSink(IObjectStore store, string prefixUri)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        ArgumentException.ThrowIfNullOrWhiteSpace(prefixUri);
        _prefix = prefixUri.TrimEnd('/');
    }

    public async Task<string> SaveAsync(TaskLaunch launch, string podName, Stream log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        var uri = UriFor(launch);
        await _store.PutAsync(uri, log, cancellationToken).ConfigureAwait(false);
        return uri;
    }

    /// <summary>Where the log of <paramref name="launch"/> is written.</summary>
    public string UriFor(TaskLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var spec = launch.Spec;
        return $"{_prefix}/{Segment(spec.DagId)}/{Segment(spec.RunId)}/{Segment(spec.TaskId)}.{spec.Attempt.ToString(CultureInfo.InvariantCulture)}.log";
    }

    /// <summary>An object-key segment that cannot add folders or climb out of the prefix.</summary>
    private static string Segment(string text)
    {
        var chars = text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        var segment = new string(chars).Trim('.');
        return segment.Length == 0 ? "_" : segment;
    }
}
