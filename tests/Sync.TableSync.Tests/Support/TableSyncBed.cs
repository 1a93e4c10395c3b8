using Amazon.S3;
using MySqlConnector;
using Sync.Planning;
using Sync.Storage;
using Sync.Tasks;
using Sync.Testing;
using Xunit;

namespace Sync.TableSync.Tests.Support;

/// <summary>
/// A fresh database on the shared MariaDB and a work folder, with the steps of one table-sync run: planned from the
/// source prefix by <see cref="BatchPlanner"/>, run in process (<see cref="TableSyncRunner"/>) or as worker processes.
/// </summary>
internal sealed class TableSyncBed
{
    public const string ConnectionName = "wh";

    private TableSyncBed(MariaDbServer server, string database, string folder)
    {
        Server = server;
        Database = database;
        Folder = folder;
    }

    public MariaDbServer Server { get; }

    public string Database { get; }

    /// <summary>Work folder of the test (sources, spec files).</summary>
    public string Folder { get; }

    public string ConnectionString => Server.ConnectionStringFor(Database);

    /// <summary>Object store settings for s3:// URIs on <see cref="S3"/>; null until <see cref="UseS3rverAsync"/>.</summary>
    public ObjectStoreSettings? StoreSettings { get; private set; }

    public S3rverServer? S3 { get; private set; }

    public static async Task<TableSyncBed> CreateAsync(string prefix = "ts")
    {
        var server = await MariaDbServer.GetAsync();
        var db = await server.CreateDatabaseAsync(prefix);
        var folder = Path.Combine(Path.GetTempPath(), "sync-tests", prefix + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new TableSyncBed(server, db, folder);
    }

    /// <summary>Starts (or joins) the s3rver and makes a bucket for this test; returns the bucket.</summary>
    public async Task<string> UseS3rverAsync()
    {
        S3 = await S3rverServer.GetAsync();
        var connection = new S3ConnectionSettings
        {
            Endpoint = S3.Endpoint,
            ForcePathStyle = true,
            Credentials = new ObjectStoreCredentials(S3rverServer.AccessKey, S3rverServer.SecretKey),
        };
        StoreSettings = new ObjectStoreSettings { S3 = connection, Oss = connection, ListPageSize = 100 };
        return await S3.CreateBucketAsync();
    }

    /// <summary>Copies every object of <paramref name="table"/> to <paramref name="prefixUri"/> through the store.</summary>
    public async Task UploadAsync(SourceTable table, string prefixUri)
    {
        var store = OpenStore(prefixUri);
        try
        {
            foreach (var file in table.Files)
            {
                await using var content = File.OpenRead(file.LocalPath);
                await store.PutAsync(prefixUri.TrimEnd('/') + "/" + file.Relative, content, CancellationToken.None);
            }
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }

    public IObjectStore OpenStore(string uri) => ObjectStores.Open(uri, StoreSettings ?? ObjectStoreSettings.Default);

    /// <summary>Lists and packs <paramref name="sourceUri"/> the way the orchestrator plans a run.</summary>
    public async Task<TablePlan> PlanAsync(string sourceUri, long targetBatchBytes = PlanOptions.DefaultTargetBatchBytes, int maxFilesPerBatch = PlanOptions.DefaultMaxFilesPerBatch)
    {
        var store = OpenStore(sourceUri);
        try
        {
            return await BatchPlanner.PlanAsync(store, sourceUri, new PlanOptions
            {
                TargetBatchBytes = targetBatchBytes,
                MaxFilesPerBatch = maxFilesPerBatch,
                PartitionColumns = [new PartitionColumnSpec { Name = "dt" }],
            }, CancellationToken.None);
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }

    public TableSyncSpec Table(string sourceUri, string target = "t", string writeMode = "default", IReadOnlyList<string>? primaryKey = null,
        string dialect = "mysql") => new()
    {
        Source = sourceUri,
        TargetConnection = ConnectionName,
        TargetDatabase = Database,
        TargetTable = target,
        PrimaryKey = primaryKey ?? [],
        PartitionColumns = [new PartitionColumnSpec { Name = "dt" }],
        WriteMode = writeMode,
        Options = new Dictionary<string, string> { ["dialect"] = dialect },
    };

    public static TaskSpec Spec(string kind, string runId, TableSyncSpec table, IReadOnlyList<BatchSpec> all, BatchSpec? batch = null) => new()
    {
        Kind = kind,
        DagId = "accept",
        RunId = runId,
        TaskId = kind == TaskKinds.TableBatch ? $"batch_{batch!.Index}" : kind,
        Table = table,
        Batch = batch,
        AllBatches = kind == TaskKinds.TableBatch ? null : all,
    };

    public TableSyncRunner Runner(int? maxStatementBytes = null) => new(new TableSyncOptions
    {
        ResolveConnection = _ => ConnectionString,
        OpenStore = OpenStore,
        MaxStatementBytes = maxStatementBytes,
    });

    /// <summary>Environment of a worker process: the warehouse connection and, with s3rver, the S3 settings.</summary>
    public Dictionary<string, string> WorkerEnvironment(params (string Key, string Value)[] extra)
    {
        var env = new Dictionary<string, string> { [ConnectionResolver.EnvironmentVariableFor(ConnectionName)] = ConnectionString };
        if (S3 != null)
        {
            env["SYNC_S3_ENDPOINT"] = S3.Endpoint;
            env["SYNC_S3_FORCE_PATH_STYLE"] = "true";
            env["SYNC_S3_ACCESS_KEY"] = S3rverServer.AccessKey;
            env["SYNC_S3_SECRET_KEY"] = S3rverServer.SecretKey;
        }
        foreach (var (key, value) in extra) env[key] = value;
        return env;
    }

    /// <summary>Runs start, every batch and finish of a run in process, asserting each succeeds.</summary>
    public async Task<TaskResult> RunAllInProcessAsync(TableSyncSpec table, IReadOnlyList<BatchSpec> batches, string runId)
    {
        var runner = Runner();
        var (startExit, start) = await runner.RunAsync(Spec(TaskKinds.TableStart, runId, table, batches), CancellationToken.None);
        Assert.True(startExit == ExitCodes.Success, $"start: {start.Error}");
        foreach (var batch in batches)
        {
            var (exit, result) = await runner.RunAsync(Spec(TaskKinds.TableBatch, runId, table, batches, batch), CancellationToken.None);
            Assert.True(exit == ExitCodes.Success, $"batch {batch.Index}: {result.Error}");
        }
        var (finishExit, finish) = await runner.RunAsync(Spec(TaskKinds.TableFinish, runId, table, batches), CancellationToken.None);
        Assert.True(finishExit == ExitCodes.Success, $"finish: {finish.Error}");
        return finish;
    }

    public async Task<long> CountAsync(string table)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand($"SELECT COUNT(*) FROM `{table}`", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<List<string>> TablesAsync()
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
