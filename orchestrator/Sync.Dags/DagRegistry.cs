using System.Security.Cryptography;

namespace Sync.Dags;

/// <summary>
/// Loads every <c>*.yaml</c>/<c>*.yml</c> file under a folder and keeps the result current: a file-system watcher
/// (debounced) plus a periodic rescan, for mounts where change events do not arrive. A bad file only removes its
/// own DAG; a second file declaring an id already loaded from an earlier file (by path) is an import error.
/// </summary>
public sealed class DagRegistry : IDagRegistry, IDisposable
{
    private readonly string _folder;
    private readonly DagLoadOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _reloadLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;
    private FileSystemWatcher? _watcher;
    private Timer? _debounce;
    private Timer? _poll;
    private Snapshot _current = new([], [], new Dictionary<string, string>(), DateTimeOffset.MinValue);

    public DagRegistry(string folder, DagLoadOptions? options = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        _folder = Path.GetFullPath(folder);
        _options = options ?? new DagLoadOptions();
        _time = time ?? TimeProvider.System;
    }

    public string Folder => _folder;

    public IReadOnlyList<DagDefinition> Dags => _current.Dags;

    public IReadOnlyList<DagImportError> ImportErrors => _current.Errors;

    public DateTimeOffset LoadedAt => _current.LoadedAt;

    public event EventHandler<DagRegistryChangedEventArgs>? Changed;

    public DagDefinition? Find(string dagId) => _current.Dags.FirstOrDefault(d => d.Id == dagId);

    /// <summary>Starts reloading on file changes (debounced by <paramref name="debounce"/>) and every <paramref name="pollInterval"/>.</summary>
    public void StartWatching(TimeSpan debounce, TimeSpan pollInterval)
    {
        Directory.CreateDirectory(_folder);
        _debounce = new Timer(_ => ReloadInBackground(), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(_folder) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
        FileSystemEventHandler onChange = (_, _) => _debounce.Change(debounce, Timeout.InfiniteTimeSpan);
        _watcher.Changed += onChange;
        _watcher.Created += onChange;
        _watcher.Deleted += onChange;
        _watcher.Renamed += (_, _) => _debounce.Change(debounce, Timeout.InfiniteTimeSpan);
        _watcher.EnableRaisingEvents = true;
        _poll = new Timer(_ => ReloadInBackground(), null, pollInterval, pollInterval);
    }

    private void ReloadInBackground() => _ = Task.Run(async () =>
    {
        try
        {
            await ReloadAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // shutting down
        }
    });

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _reloadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var files = Directory.Exists(_folder)
                ? Directory.EnumerateFiles(_folder, "*.*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal).ToList()
                : [];
            var dags = new List<DagDefinition>();
            var errors = new List<DagImportError>();
            var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
            var firstFile = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                var result = await DagFileParser.ParseFileAsync(file, _options, cancellationToken).ConfigureAwait(false);
                errors.AddRange(result.Errors);
                if (result.Dag is not { } dag) continue;
                if (firstFile.TryGetValue(dag.Id, out var other))
                {
                    errors.Add(new DagImportError { FilePath = file, Line = 1, Column = 1, DagId = dag.Id, Message = $"DAG id '{dag.Id}' is already defined in {other}" });
                    continue;
                }
                firstFile[dag.Id] = file;
                dags.Add(dag);
                hashes[dag.Id] = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false)));
            }
            var previous = _current;
            _current = new Snapshot(
                dags.OrderBy(d => d.Id, StringComparer.Ordinal).ToList(),
                errors.OrderBy(e => e.FilePath, StringComparer.Ordinal).ThenBy(e => e.Line).ThenBy(e => e.Column).ToList(),
                hashes, _time.GetUtcNow());

            var added = hashes.Keys.Where(k => !previous.Hashes.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
            var removed = previous.Hashes.Keys.Where(k => !hashes.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
            var changed = hashes.Where(kv => previous.Hashes.TryGetValue(kv.Key, out var h) && h != kv.Value).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
            var errorsChanged = !previous.Errors.Select(e => e.ToString()).SequenceEqual(_current.Errors.Select(e => e.ToString()));
            if (added.Count + removed.Count + changed.Count > 0 || errorsChanged)
                Changed?.Invoke(this, new DagRegistryChangedEventArgs(added, changed, removed));
        }
        finally
        {
            _reloadLock.Release();
        }
    }

    public void Dispose()
    {
        // Hosts may dispose it once per service registration (as itself and as IDagRegistry).
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _stopping.Cancel();
        _watcher?.Dispose();
        _debounce?.Dispose();
        _poll?.Dispose();
        _stopping.Dispose();
    }

    private sealed record Snapshot(
        IReadOnlyList<DagDefinition> Dags, IReadOnlyList<DagImportError> Errors, IReadOnlyDictionary<string, string> Hashes, DateTimeOffset LoadedAt);
}
