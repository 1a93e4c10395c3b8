using k8s;
using k8s.Models;

namespace Sync.FakeKubernetes;

/// <summary>
/// The fake's etcd: pods by namespace and name, one resourceVersion counter for every write, and a bounded history
/// of watch events so a watch can resume from a resourceVersion (or get 410 Gone when it is too old).
/// </summary>
internal sealed class PodStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Ns, string Name), V1Pod> _pods = [];
    private readonly LinkedList<(long Rv, string Type, V1Pod Pod, string Line)> _history = new();
    private readonly List<PodWatch> _watches = [];
    private readonly int _historyLimit;
    private long _resourceVersion = 1000;
    private long _compactedThrough = 1000;

    public PodStore(int historyLimit) => _historyLimit = historyLimit;

    public long CurrentResourceVersion
    {
        get { lock (_gate) return _resourceVersion; }
    }

    public V1Pod Create(string ns, V1Pod pod, DateTime now)
    {
        lock (_gate)
        {
            var name = pod.Metadata.Name;
            if (_pods.ContainsKey((ns, name))) throw FakeApiException.AlreadyExists(name);
            pod.Metadata.NamespaceProperty = ns;
            pod.Metadata.Uid = Guid.NewGuid().ToString();
            pod.Metadata.CreationTimestamp = now;
            pod.Metadata.Generation = 1;
            var stored = Write(ns, name, pod, WatchEventType.Added);
            return Clone(stored);
        }
    }

    public V1Pod? Get(string ns, string name)
    {
        lock (_gate) return _pods.TryGetValue((ns, name), out var pod) ? Clone(pod) : null;
    }

    public (IReadOnlyList<V1Pod> Items, long ResourceVersion) List(string ns, Func<V1Pod, bool> filter)
    {
        lock (_gate)
        {
            var items = _pods.Where(p => p.Key.Ns == ns && filter(p.Value))
                .OrderBy(p => p.Key.Name, StringComparer.Ordinal)
                .Select(p => Clone(p.Value))
                .ToList();
            return (items, _resourceVersion);
        }
    }

    /// <summary>Applies a change to a pod that still exists; returns the new state, or null when it was deleted.</summary>
    public V1Pod? Update(string ns, string name, Action<V1Pod> mutate)
    {
        lock (_gate)
        {
            if (!_pods.TryGetValue((ns, name), out var current)) return null;
            var copy = Clone(current);
            mutate(copy);
            return Clone(Write(ns, name, copy, WatchEventType.Modified));
        }
    }

    public V1Pod Delete(string ns, string name, DateTime now)
    {
        lock (_gate)
        {
            if (!_pods.TryGetValue((ns, name), out var current)) throw FakeApiException.NotFound(name);
            var copy = Clone(current);
            copy.Metadata.DeletionTimestamp = now;
            copy.Metadata.DeletionGracePeriodSeconds = 0;
            return Clone(Write(ns, name, copy, WatchEventType.Deleted));
        }
    }

    /// <summary>
    /// Opens a watch. With a resourceVersion it replays the kept events after it (410 when they were compacted);
    /// without one it first sends the current objects as ADDED, as the API server does.
    /// </summary>
    public PodWatch Watch(string ns, Func<V1Pod, bool> filter, long? fromResourceVersion)
    {
        lock (_gate)
        {
            var watch = new PodWatch(ns, filter);
            if (fromResourceVersion is { } from)
            {
                if (from < _compactedThrough) throw FakeApiException.Expired(from, _compactedThrough);
                foreach (var e in _history)
                {
                    if (e.Rv > from && e.Pod.Metadata.NamespaceProperty == ns && filter(e.Pod)) watch.Send(e.Line);
                }
            }
            else
            {
                foreach (var ((podNs, _), pod) in _pods.OrderBy(p => p.Key.Name, StringComparer.Ordinal))
                {
                    if (podNs == ns && filter(pod)) watch.Send(EventLine(WatchEventType.Added, pod));
                }
            }
            _watches.Add(watch);
            return watch;
        }
    }

    public int OpenWatches
    {
        get { lock (_gate) return _watches.Count; }
    }

    public void Unwatch(PodWatch watch)
    {
        lock (_gate) _watches.Remove(watch);
    }

    /// <summary>Ends every open watch stream; returns how many there were.</summary>
    public int CloseWatches()
    {
        lock (_gate)
        {
            foreach (var w in _watches) w.Close();
            var count = _watches.Count;
            _watches.Clear();
            return count;
        }
    }

    /// <summary>Drops the event history: a watch resuming from any earlier resourceVersion gets 410 Gone.</summary>
    public void CompactHistory()
    {
        lock (_gate)
        {
            // Writes to other objects move the revision on before a compaction; any version seen so far expires.
            _resourceVersion++;
            _history.Clear();
            _compactedThrough = _resourceVersion;
        }
    }

    private V1Pod Write(string ns, string name, V1Pod pod, WatchEventType type)
    {
        _resourceVersion++;
        pod.Metadata.ResourceVersion = _resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (type == WatchEventType.Deleted) _pods.Remove((ns, name));
        else _pods[(ns, name)] = pod;
        var line = EventLine(type, pod);
        _history.AddLast((_resourceVersion, TypeName(type), pod, line));
        while (_history.Count > _historyLimit)
        {
            _compactedThrough = _history.First!.Value.Rv;
            _history.RemoveFirst();
        }
        foreach (var w in _watches)
        {
            if (w.Namespace == ns && w.Filter(pod)) w.Send(line);
        }
        return pod;
    }

    private static string EventLine(WatchEventType type, V1Pod pod) =>
        "{\"type\":\"" + TypeName(type) + "\",\"object\":" + KubernetesJson.Serialize(pod) + "}";

    private static string TypeName(WatchEventType type) => type switch
    {
        WatchEventType.Added => "ADDED",
        WatchEventType.Modified => "MODIFIED",
        WatchEventType.Deleted => "DELETED",
        WatchEventType.Bookmark => "BOOKMARK",
        _ => "ERROR",
    };

    private static V1Pod Clone(V1Pod pod) => KubernetesJson.Deserialize<V1Pod>(KubernetesJson.Serialize(pod));
}
