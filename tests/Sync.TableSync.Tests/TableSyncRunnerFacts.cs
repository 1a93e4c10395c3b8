using MySqlConnector;
using Sync.Storage;
using Sync.Tasks;
using Sync.Testing;

namespace Sync.TableSync.Tests;

public class TableSyncRunnerFacts
{
    private static string Corpus(string name) => Path.Combine(RepoPaths.OrcCorpus, name);

    private static BatchFile Copy(string dir, string relative, string corpusFile, string? dt)
    {
        var path = Path.Combine(dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (corpusFile.Length == 0) File.WriteAllBytes(path, []);
        else File.Copy(Corpus(corpusFile), path);
        return new BatchFile { Uri = "file://" + path, Size = new FileInfo(path).Length, Partition = new Dictionary<string, string?> { ["dt"] = dt } };
    }

    private static async Task<(int, TaskResult)> RunAsync(TableSyncRunner runner, string kind, TableSyncSpec table, BatchSpec? batch, IReadOnlyList<BatchSpec> all) =>
        await runner.RunAsync(new TaskSpec
        {
            Kind = kind, DagId = "dag", RunId = "run1", TaskId = kind, Table = table, Batch = batch,
            AllBatches = all,
        }, CancellationToken.None);

    [MariaDbFact]
    public async Task RunAsync_LoadsPartitionedTableRowForRow_WhenStepsRunInOrder()
    {
        var server = await MariaDbServer.GetAsync();
        var db = await server.CreateDatabaseAsync("ts");
        var dir = Path.Combine(Path.GetTempPath(), "sync-tests", "ts-" + Guid.NewGuid().ToString("N"));
        var b1 = new BatchSpec
        {
            Index = 1,
            Files =
            [
                Copy(dir, "t/dt=2024-01-01/part-0.orc", "TestOrcFile.testMemoryManagementV11.orc", "2024-01-01"),
                Copy(dir, "t/dt=2024-01-01/part-1.orc", "TestOrcFile.testPredicatePushdown.orc", "2024-01-01"),
                Copy(dir, "t/dt=2024-01-01/empty", "", "2024-01-01"),
            ],
        };
        var b2 = new BatchSpec
        {
            Index = 2,
            Files =
            [
                Copy(dir, "t/dt=a%2Fb/part-0.orc", "TestOrcFile.testMemoryManagementV12.orc", "a/b"),
                Copy(dir, "t/dt=__HIVE_DEFAULT_PARTITION__/part-0.orc", "TestOrcFile.testMemoryManagementV11.orc", null),
                Copy(dir, "t/dt=2024-01-02/zero.orc", "TestOrcFile.emptyFile.orc", "2024-01-02"),
            ],
        };
        BatchSpec[] all = [b1, b2];
        var runner = new TableSyncRunner(new TableSyncOptions
        {
            ResolveConnection = _ => server.ConnectionStringFor(db),
            OpenStore = uri => ObjectStores.Open(uri, ObjectStoreSettings.Default),
        });
        var table = new TableSyncSpec
        {
            Source = "file://" + Path.Combine(dir, "t"), TargetConnection = "wh", TargetDatabase = db, TargetTable = "t",
            PartitionColumns = [new PartitionColumnSpec { Name = "dt" }], WriteMode = "insert",
        };

        var (startExit, start) = await RunAsync(runner, TaskKinds.TableStart, table, null, all);
        Assert.True(startExit == 0, start.Error);
        foreach (var b in all)
        {
            var (exit, result) = await RunAsync(runner, TaskKinds.TableBatch, table, b, all);
            Assert.True(exit == 0, result.Error);
        }
        // A rerun of a batch changes nothing.
        var (againExit, again) = await RunAsync(runner, TaskKinds.TableBatch, table with { WriteMode = "load-data" }, b2, all);
        Assert.True(againExit == 0, again.Error);
        var (finishExit, finish) = await RunAsync(runner, TaskKinds.TableFinish, table, null, all);
        Assert.True(finishExit == 0, finish.Error);
        Assert.Equal(2500 + 3500 + 2500 + 2500, finish.Rows);

        await using var conn = new MySqlConnection(server.ConnectionStringFor(db));
        await conn.OpenAsync();
        await using var cmd = new MySqlCommand("SELECT COUNT(*), SUM(dt = 'a/b'), SUM(dt IS NULL), SUM(dt = '2024-01-01') FROM t", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(11000L, reader.GetInt64(0));
        Assert.Equal(2500m, reader.GetDecimal(1));
        Assert.Equal(2500m, reader.GetDecimal(2));
        Assert.Equal(6000m, reader.GetDecimal(3));
    }

    [MariaDbFact]
    public async Task Start_TakesTheSchemaOfAFileWithRows_WhenTheFirstFileIsEmpty()
    {
        var server = await MariaDbServer.GetAsync();
        var db = await server.CreateDatabaseAsync("ts");
        var dir = Path.Combine(Path.GetTempPath(), "sync-tests", "ts-" + Guid.NewGuid().ToString("N"));
        // the 0-row file's schema (a dozen columns) differs from the file with rows (int1, string1)
        BatchSpec[] all =
        [
            new BatchSpec { Index = 1, Files = [Copy(dir, "t/a-zero.orc", "TestOrcFile.emptyFile.orc", null)] },
            new BatchSpec { Index = 2, Files = [Copy(dir, "t/b-rows.orc", "TestOrcFile.testMemoryManagementV11.orc", null)] },
        ];
        var runner = new TableSyncRunner(new TableSyncOptions { ResolveConnection = _ => server.ConnectionStringFor(db), OpenStore = uri => ObjectStores.Open(uri, ObjectStoreSettings.Default) });
        var table = new TableSyncSpec { Source = "file://" + Path.Combine(dir, "t"), TargetConnection = "wh", TargetDatabase = db, TargetTable = "t", PrimaryKey = ["int1"] };

        var (exit, result) = await RunAsync(runner, TaskKinds.TableStart, table, null, all);
        Assert.True(exit == 0, result.Error);
        Assert.EndsWith("b-rows.orc", result.Details!["created"], StringComparison.Ordinal);
        foreach (var b in all) Assert.Equal(0, (await RunAsync(runner, TaskKinds.TableBatch, table, b, all)).Item1);
        var (finishExit, finish) = await RunAsync(runner, TaskKinds.TableFinish, table, null, all);
        Assert.True(finishExit == 0, finish.Error);

        await using var conn = new MySqlConnection(server.ConnectionStringFor(db));
        await conn.OpenAsync();
        await using var cmd = new MySqlCommand("SELECT GROUP_CONCAT(column_name ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 't'", conn);
        Assert.Equal("int1,string1", await cmd.ExecuteScalarAsync());
        await using var count = new MySqlCommand("SELECT COUNT(*) FROM t", conn);
        Assert.Equal(2500L, Convert.ToInt64(await count.ExecuteScalarAsync()));
    }

    [MariaDbFact]
    public async Task StartAndFinish_SwapInAnEmptyCopyOfTheTarget_WhenTheSourceHasNoFiles()
    {
        var server = await MariaDbServer.GetAsync();
        var db = await server.CreateDatabaseAsync("ts");
        await using var conn = new MySqlConnection(server.ConnectionStringFor(db));
        await conn.OpenAsync();
        await using (var create = new MySqlCommand("CREATE TABLE t (`int1` INT NOT NULL PRIMARY KEY, `string1` VARCHAR(64)); INSERT INTO t VALUES (1, 'old'), (2, 'old')", conn))
            await create.ExecuteNonQueryAsync();
        var dir = Path.Combine(Path.GetTempPath(), "sync-tests", "ts-" + Guid.NewGuid().ToString("N"));
        Copy(dir, "t/_SUCCESS", "", null);
        var runner = new TableSyncRunner(new TableSyncOptions { ResolveConnection = _ => server.ConnectionStringFor(db), OpenStore = uri => ObjectStores.Open(uri, ObjectStoreSettings.Default) });
        var table = new TableSyncSpec { Source = "file://" + Path.Combine(dir, "t"), TargetConnection = "wh", TargetDatabase = db, TargetTable = "t" };

        var (startExit, start) = await RunAsync(runner, TaskKinds.TableStart, table, null, []);
        Assert.True(startExit == 0, start.Error);
        Assert.Equal("copy of t", start.Details!["created"]);
        var (finishExit, finish) = await RunAsync(runner, TaskKinds.TableFinish, table, null, []);
        Assert.True(finishExit == 0, finish.Error);

        await using var count = new MySqlCommand("SELECT COUNT(*) FROM t", conn);
        Assert.Equal(0L, Convert.ToInt64(await count.ExecuteScalarAsync()));
        await using var columns = new MySqlCommand("SELECT GROUP_CONCAT(column_name ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 't'", conn);
        Assert.Equal("int1,string1", await columns.ExecuteScalarAsync());
    }

    [MariaDbFact]
    public async Task StoreFor_OpensOneStorePerBucket_WhenManyThreadsAskAtOnce()
    {
        // finish reads footers in parallel; every reader asks the step for its store at the same moment
        var server = await MariaDbServer.GetAsync();
        var db = await server.CreateDatabaseAsync("ts");
        var dir = Path.Combine(Path.GetTempPath(), "sync-tests", "ts-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var opened = 0;
        using var bothAsked = new CountdownEvent(2);
        IObjectStore Open(string uri)
        {
            // hold the first opener until a second thread opens too (it cannot, if the lookup is guarded)
            if (Interlocked.Increment(ref opened) <= 2) bothAsked.Signal();
            bothAsked.Wait(TimeSpan.FromSeconds(1));
            return ObjectStores.Open(uri, ObjectStoreSettings.Default);
        }
        var options = new TableSyncOptions { ResolveConnection = _ => server.ConnectionStringFor(db) };
        var spec = new TaskSpec
        {
            Kind = TaskKinds.TableFinish, DagId = "dag", RunId = "run1", TaskId = "finish", AllBatches = [],
            Table = new TableSyncSpec { Source = "file://" + dir, TargetConnection = "wh", TargetDatabase = db, TargetTable = "t" },
        };
        await using var ctx = await StepContext.OpenAsync(spec, options, Open, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None);
        using var start = new Barrier(8);

        var stores = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
        {
            start.SignalAndWait();
            return ctx.StoreFor($"file://{dir}/part-{i}.orc");
        })));

        Assert.Equal(1, opened);
        Assert.All(stores, s => Assert.Same(stores[0], s));
    }

    [MariaDbFact]
    public async Task RunAsync_FailsStartPermanently_WhenTargetColumnHasNoSource()
    {
        var server = await MariaDbServer.GetAsync();
        var db = await server.CreateDatabaseAsync("ts");
        await using (var conn = new MySqlConnection(server.ConnectionStringFor(db)))
        {
            await conn.OpenAsync();
            await using var cmd = new MySqlCommand("CREATE TABLE t (`int1` INT NOT NULL PRIMARY KEY, `string1` DATE, `extra` INT)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        var dir = Path.Combine(Path.GetTempPath(), "sync-tests", "ts-" + Guid.NewGuid().ToString("N"));
        BatchSpec[] all = [new BatchSpec { Index = 1, Files = [Copy(dir, "t/p.orc", "TestOrcFile.testMemoryManagementV11.orc", null)] }];
        var runner = new TableSyncRunner(new TableSyncOptions { ResolveConnection = _ => server.ConnectionStringFor(db), OpenStore = uri => ObjectStores.Open(uri, ObjectStoreSettings.Default) });
        var table = new TableSyncSpec { Source = "file://" + dir, TargetConnection = "wh", TargetDatabase = db, TargetTable = "t" };
        var (exit, result) = await RunAsync(runner, TaskKinds.TableStart, table, null, all);
        Assert.Equal(ExitCodes.Permanent, exit);
        Assert.Contains("'string1'", result.Error);
        Assert.Contains("'extra'", result.Error);
        await using var check = new MySqlConnection(server.ConnectionStringFor(db));
        await check.OpenAsync();
        await using var count = new MySqlCommand("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()", check);
        Assert.Equal(1L, Convert.ToInt64(await count.ExecuteScalarAsync()));
    }
}
