using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.Output;
using Sync.FeatureSync.State;
using Sync.Storage;

namespace Sync.FeatureSync.Running;

/// <summary>
/// Runs a job's partition tasks side by side in one process (or only the partitions the options name, for one pod
/// per partition). Each task retries with backoff on its own; a failing partition does not stop the others.
/// </summary>
public sealed class FeatureSyncRunner
{
    private readonly FeatureSyncStateStore _state;
    private readonly Func<string, string> _resolveConnection;
    private readonly Func<string, IObjectStore> _openStore;
    private readonly ILoggerFactory _loggerFactory;

    /// <param name="state">Where jobs, checkpoints and leases live.</param>
    /// <param name="resolveConnection">Turns a connection name into its connection string.</param>
    /// <param name="storeSettings">Object-store endpoints and credentials.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    public FeatureSyncRunner(FeatureSyncStateStore state, Func<string, string> resolveConnection, ObjectStoreSettings storeSettings, ILoggerFactory? loggerFactory = null)
        : this(state, resolveConnection, OpenWith(storeSettings, loggerFactory), loggerFactory)
    {
    }

    /// <param name="state">Where jobs, checkpoints and leases live.</param>
    /// <param name="resolveConnection">Turns a connection name into its connection string.</param>
    /// <param name="openStore">Opens the object store serving a destination URI (disposed after the run when disposable).</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    public FeatureSyncRunner(FeatureSyncStateStore state, Func<string, string> resolveConnection, Func<string, IObjectStore> openStore, ILoggerFactory? loggerFactory = null)
    {
        _state = state ?? throw new ArgumentNullException(nameof(state));
        _resolveConnection = resolveConnection ?? throw new ArgumentNullException(nameof(resolveConnection));
        _openStore = openStore ?? throw new ArgumentNullException(nameof(openStore));
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    }

    private static Func<string, IObjectStore> OpenWith(ObjectStoreSettings settings, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return uri => ObjectStores.Open(uri, settings, loggerFactory);
    }

    /// <summary>Runs until every selected partition is done (full mode), fenced or failed, or until cancelled.</summary>
    public async Task<FeatureSyncRunResult> RunAsync(string jobId, FeatureSyncRunOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var job = await _state.GetJobAsync(jobId, ct).ConfigureAwait(false)
            ?? throw new FeatureSyncConfigurationException($"job '{jobId}' does not exist in {_state.Database} (feature-sync create, or a YAML under dags/)");
        job.Validate();
        var partitions = options.Partitions ?? Enumerable.Range(0, job.Partitions).ToList();
        foreach (var p in partitions)
            if (p < 0 || p >= job.Partitions) throw new FeatureSyncConfigurationException($"job '{jobId}' has partitions 0..{job.Partitions - 1}; there is no partition {p}");
        string sourceConnectionString = _resolveConnection(job.SourceConnection);

        var stores = new List<IObjectStore>();
        try
        {
            var destinations = new List<OfflineDestination>();
            foreach (var uri in job.Destinations)
            {
                var store = _openStore(uri);
                stores.Add(store);
                destinations.Add(new OfflineDestination(uri, store));
            }
            var logger = _loggerFactory.CreateLogger<FeatureSyncRunner>();
            var tasks = partitions.Select(p =>
                new PartitionSyncTask(job, p, _state, sourceConnectionString, destinations, options, logger).RunAsync(ct)).ToList();
            var outcomes = await Task.WhenAll(tasks).ConfigureAwait(false);
            var result = new Dictionary<int, PartitionOutcome>();
            for (int i = 0; i < partitions.Count; i++) result[partitions[i]] = outcomes[i];
            return new FeatureSyncRunResult(jobId, result);
        }
        finally
        {
            foreach (var store in stores) (store as IDisposable)?.Dispose();
        }
    }
}
