using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;
using Sync.Execution;
using Sync.Execution.Local;
using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.State;
using Sync.Testing;

namespace Sync.FeatureSync.Supervision.Tests.Support;

/// <summary>
/// One test's world: an online table <c>features (id, ts, v)</c> in its own MariaDB database, a state database beside
/// it, a local destination folder, and a supervisor whose local executor starts the built worker with the two
/// connections in its environment. Jobs write CSV so the offline ids are easy to read back.
/// </summary>
internal sealed class SupervisionTestBed
{
    private long _nextId;

    private SupervisionTestBed(MariaDbServer server, string database, string root)
    {
        Server = server;
        Database = database;
        Root = root;
        State = new FeatureSyncStateStore(server.ConnectionString, StateDatabase);
        Store = new SupervisionStore(server.ConnectionString, StateDatabase);
    }

    public MariaDbServer Server { get; }
    public string Database { get; }
    public string StateDatabase => Database + "_state";
    public string Root { get; }
    public string OfflineRoot => Path.Combine(Root, "offline");
    public string LogFolder => Path.Combine(Root, "logs");
    public FeatureSyncStateStore State { get; }
    public SupervisionStore Store { get; }

    public static string WorkerDll => Path.Combine(AppContext.BaseDirectory, "Sync.Worker.dll");

    public IReadOnlyDictionary<string, string> WorkerEnvironment => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["SYNC_CONNECTION_ONLINE"] = Server.ConnectionStringFor(Database),
        ["SYNC_CONNECTION_STATE"] = Server.ConnectionString,
    };

    public FeatureSyncSupervisorOptions Options => new()
    {
        StateConnection = "state",
        StateDatabase = StateDatabase,
        PollInterval = TimeSpan.FromMilliseconds(300),
        MinRestartBackoff = TimeSpan.FromSeconds(2),
        MaxRestartBackoff = TimeSpan.FromSeconds(8),
        HealthyAfter = TimeSpan.FromMinutes(5),
        LeaseTtl = TimeSpan.FromSeconds(3),
        WorkerPollInterval = TimeSpan.FromMilliseconds(100),
        SpoolDirectory = Path.Combine(Root, "spool"),
    };

    public static async Task<SupervisionTestBed> CreateAsync()
    {
        var server = await MariaDbServer.GetAsync();
        var database = await server.CreateDatabaseAsync("fsup");
        var root = Path.Combine(Path.GetTempPath(), "sync-tests", "supervision", database);
        Directory.CreateDirectory(root);
        var bed = new SupervisionTestBed(server, database, root);
        await ExecAsync(server.ConnectionStringFor(database),
            "CREATE TABLE features (id BIGINT NOT NULL PRIMARY KEY, ts DATETIME(6) NOT NULL, v INT NOT NULL, KEY ix_ts_id (ts, id)) ENGINE=InnoDB");
        await bed.State.EnsureSchemaAsync(CancellationToken.None);
        await bed.Store.EnsureSchemaAsync(CancellationToken.None);
        return bed;
    }

    /// <summary>Runs a statement in the feature-sync state database.</summary>
    public Task ExecStateAsync(string sql) => ExecAsync(Server.ConnectionStringFor(StateDatabase), sql);

    public FeatureSyncJob Job(SyncMode mode, int partitions) => new()
    {
        JobId = "job_" + Database,
        SourceConnection = "online",
        Table = Database + ".features",
        KeyColumn = "id",
        TimestampColumn = "ts",
        Mode = mode,
        Destinations = ["file://" + OfflineRoot],
        Format = OutputFormat.Csv,
        Partitions = partitions,
        SettleDelay = TimeSpan.FromMilliseconds(200),
        PageRows = 300,
        RollRows = 400,
        RollInterval = TimeSpan.FromMilliseconds(500),
        QuietPeriod = TimeSpan.FromSeconds(1),
    };

    public FeatureSyncSupervisor Supervisor(ITaskExecutor executor, TimeProvider? time = null) =>
        new(State, Store, executor, Options, time ?? TimeProvider.System, NullLogger<FeatureSyncSupervisor>.Instance, stopWorkersWithHost: true);

    public LocalProcessExecutor LocalExecutor() => new(new LocalExecutorOptions
    {
        WorkerCommand = ["dotnet", WorkerDll],
        LogFolder = LogFolder,
        Environment = new Dictionary<string, string>(WorkerEnvironment, StringComparer.Ordinal),
    });

    /// <summary>Inserts rows stamped a minute ago (settled at once), the next ids in order; returns how many rows the table holds.</summary>
    public async Task<long> InsertAsync(int count)
    {
        await using var conn = new MySqlConnection(Server.ConnectionStringFor(Database));
        await conn.OpenAsync();
        for (int start = 0; start < count; start += 500)
        {
            var values = Enumerable.Range(0, Math.Min(500, count - start)).Select(_ =>
            {
                long id = ++_nextId;
                return string.Create(CultureInfo.InvariantCulture, $"({id}, NOW(6) - INTERVAL 1 MINUTE, {id % 97})");
            });
            await using var cmd = new MySqlCommand($"INSERT INTO features (id, ts, v) VALUES {string.Join(",", values)}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        return _nextId;
    }

    /// <summary>The id of every row in every CSV file published so far (duplicates kept).</summary>
    public List<long> OfflineIds()
    {
        var ids = new List<long>();
        if (!Directory.Exists(OfflineRoot)) return ids;
        foreach (var file in Directory.EnumerateFiles(OfflineRoot, "*.csv", SearchOption.AllDirectories))
        {
            var lines = File.ReadAllText(file).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("id,ts,v", lines[0].TrimEnd('\r'));
            ids.AddRange(lines.Skip(1).Select(l => long.Parse(l[..l.IndexOf(',', StringComparison.Ordinal)], CultureInfo.InvariantCulture)));
        }
        return ids;
    }

    /// <summary>Where the local executor keeps the pid of an attempt's worker.</summary>
    public string PidFile(FeatureSyncJob job, int partition, int attempt) =>
        LocalExecutor().LogPathOf(FeatureSyncAttempts.Launch(job, partition, attempt, Options).Spec) + ".pid";

    public string LogFile(FeatureSyncJob job, int partition, int attempt) =>
        LocalExecutor().LogPathOf(FeatureSyncAttempts.Launch(job, partition, attempt, Options).Spec);

    /// <summary>The last lines of every worker log, for failure messages.</summary>
    public string WorkerLogs()
    {
        if (!Directory.Exists(LogFolder)) return "(no worker logs)";
        return string.Join("\n", Directory.EnumerateFiles(LogFolder, "*.log", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"--- {Path.GetRelativePath(LogFolder, f)}\n{string.Join("\n", File.ReadAllLines(f).TakeLast(15))}"));
    }

    public async Task<SupervisionRecord?> RecordAsync(string jobId, int partition) =>
        (await Store.ListAsync(jobId, CancellationToken.None)).SingleOrDefault(r => r.Partition == partition);

    /// <summary>Polls until <paramref name="condition"/> holds; throws with <paramref name="describe"/> when it does not in time.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<Task<string>> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not reached within {timeout.TotalSeconds:0}s: {await describe()}");
            await Task.Delay(100);
        }
    }

    private static async Task ExecAsync(string connectionString, string sql)
    {
        await using var conn = new MySqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new MySqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
