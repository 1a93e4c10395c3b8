using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.Running;
using Sync.FeatureSync.State;
using Sync.Storage;

namespace Sync.FeatureSync.Tests.Support;

/// <summary>
/// One test's world: an online table in MariaDB, a state database of its own on the same server, and a local
/// destination folder (file://). Jobs are made with settings short enough for tests (200 ms settle, small files).
/// </summary>
internal sealed class SyncTestBed
{
    public const string SourceConnectionName = "online";

    private SyncTestBed(OnlineTable table, FeatureSyncStateStore state, string stateDatabase, string root)
    {
        Table = table;
        State = state;
        StateDatabase = stateDatabase;
        OutputRoot = root;
    }

    public OnlineTable Table { get; }
    public FeatureSyncStateStore State { get; }
    public string StateDatabase { get; }

    /// <summary>Local folder of the first destination.</summary>
    public string OutputRoot { get; }

    public string DestinationUri => "file://" + OutputRoot;

    /// <summary>Where the offline table's files land under <see cref="OutputRoot"/>.</summary>
    public string TableRoot => Path.Combine(OutputRoot, Table.Name);

    public string SpoolDirectory => OutputRoot + "-spool";

    /// <summary>A second local destination root.</summary>
    public string SecondRoot => OutputRoot + "-second";

    public string SecondUri => "file://" + SecondRoot;

    /// <summary>Environment for a worker child process: the connections this bed's job and state use.</summary>
    public IReadOnlyDictionary<string, string> WorkerEnvironment => new Dictionary<string, string>
    {
        ["SYNC_CONNECTION_ONLINE"] = Table.ConnectionString,
        ["SYNC_CONNECTION_STATE"] = Table.Server.ConnectionString,
    };

    /// <summary>Common worker arguments naming this bed's state database, plus short leases and backoffs for tests.</summary>
    public string[] WorkerRunArgs(string jobId, string workerId) =>
    [
        "feature-sync", "run", jobId, "--state-connection", "state", "--state-database", StateDatabase, "--worker-id", workerId,
        "--lease-ttl", "3s", "--poll", "100ms", "--retry-min", "200ms", "--retry-max", "1s", "--spool-dir", SpoolDirectory + "-" + workerId,
    ];

    public static async Task<SyncTestBed> CreateAsync()
    {
        var table = await OnlineTable.CreateAsync();
        string stateDb = table.Database + "_state";
        var state = new FeatureSyncStateStore(table.Server.ConnectionString, stateDb);
        await state.EnsureSchemaAsync(CancellationToken.None);
        string root = Path.Combine(Path.GetTempPath(), "sync-tests", "feature-sync", table.Database);
        Directory.CreateDirectory(root);
        return new SyncTestBed(table, state, stateDb, root);
    }

    public FeatureSyncJob Job(SyncMode mode, int partitions = 1, OutputFormat format = OutputFormat.Orc, DateTime? startTs = null, IReadOnlyList<string>? destinations = null) => new()
    {
        JobId = "job_" + Table.Database,
        SourceConnection = SourceConnectionName,
        Table = Table.QualifiedName,
        KeyColumn = "id",
        TimestampColumn = "ts",
        Mode = mode,
        StartTimestamp = startTs,
        Destinations = destinations ?? [DestinationUri],
        Format = format,
        Partitions = partitions,
        SettleDelay = TimeSpan.FromMilliseconds(200),
        PageRows = 700,
        RollRows = 2_500,
        RollInterval = TimeSpan.FromMilliseconds(700),
        QuietPeriod = TimeSpan.FromSeconds(1.5),
    };

    public FeatureSyncRunOptions RunOptions(string workerId = "test-worker") => new()
    {
        WorkerId = workerId,
        LeaseTtl = TimeSpan.FromSeconds(3),
        PollInterval = TimeSpan.FromMilliseconds(100),
        RetryMinBackoff = TimeSpan.FromMilliseconds(200),
        RetryMaxBackoff = TimeSpan.FromSeconds(1),
        SpoolDirectory = SpoolDirectory,
    };

    public string ResolveConnection(string name) => name == SourceConnectionName
        ? Table.ConnectionString
        : throw new InvalidOperationException($"connection '{name}' is not configured in this test");

    public FeatureSyncRunner Runner(Func<string, IObjectStore>? openStore = null) =>
        new(State, ResolveConnection, openStore ?? (uri => ObjectStores.Open(uri, ObjectStoreSettings.Default)));

    /// <summary>Waits until the offline files hold at least <paramref name="expected"/> rows; returns what they hold.</summary>
    public async Task<List<string>> WaitForOfflineRowsAsync(int expected, TimeSpan timeout, string? root = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var rows = await OfflineFiles.ReadRowsAsync(root ?? TableRoot);
            if (rows.Count >= expected || DateTime.UtcNow > deadline) return rows;
            await Task.Delay(200);
        }
    }
}
