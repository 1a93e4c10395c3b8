using System.Diagnostics;
using System.Globalization;
using System.Text;
using Apache.Arrow;
using MySqlConnector;
using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.Running;
using Sync.FeatureSync.State;
using Sync.Orc;
using Sync.Storage;
using Sync.Testing;

namespace Sync.Benchmarks;

/// <summary>
/// Feature sync against a private MariaDB: (1) full-mode rows/s next to a bare SELECT of the same rows in the same run
/// (target ≥ 0.8×); (2) lag from insert to published file at a steady insert rate (default 5,000 rows/s; target p99 &lt; 2 s).
/// Usage: <c>feature-sync [--rows N] [--rate R] [--seconds S]</c>.
/// </summary>
internal static class FeatureSyncBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        int rows = Arg(args, "--rows", 300_000);
        int rate = Arg(args, "--rate", 5_000);
        int seconds = Arg(args, "--seconds", 20);
        var server = await MariaDbServer.GetAsync();
        var root = Path.Combine(Path.GetTempPath(), "sync-bench", "feature-sync-" + Guid.NewGuid().ToString("N"));
        try
        {
            await FullModeAsync(server, rows, Path.Combine(root, "full"));
            await LagAsync(server, rate, seconds, Path.Combine(root, "lag"));
            return 0;
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    private static async Task FullModeAsync(MariaDbServer server, int rows, string root)
    {
        var db = await server.CreateDatabaseAsync("fsbench");
        string cs = server.ConnectionStringFor(db);
        await CreateTableAsync(cs);
        await InsertAsync(cs, 0, rows, i => "'" + DateTime.Now.AddDays(-1).AddMilliseconds(i * 50.0).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "'");

        // Baseline: one bare SELECT of the same columns, every value read.
        var clock = Stopwatch.StartNew();
        long read = 0;
        await using (var conn = new MySqlConnection(cs))
        {
            await conn.OpenAsync();
            await using var cmd = new MySqlCommand("SELECT id, ts, score, label, cnt FROM features", conn);
            await using var r = await cmd.ExecuteReaderAsync();
            var values = new object[5];
            while (await r.ReadAsync()) { r.GetValues(values); read++; }
        }
        double bare = read / clock.Elapsed.TotalSeconds;

        // The same rows read the way the sync reads them: keyset pages in (ts, id) order, nothing written.
        clock.Restart();
        long paged = 0;
        await using (var conn = new MySqlConnection(cs))
        {
            await conn.OpenAsync();
            DateTime? lastTs = null;
            long lastId = 0;
            var values = new object[5];
            while (true)
            {
                await using var cmd = new MySqlCommand(lastTs == null
                    ? "SELECT id, ts, score, label, cnt FROM features ORDER BY ts, id LIMIT 20000"
                    : "SELECT id, ts, score, label, cnt FROM features WHERE ts >= @ts AND (ts > @ts OR id > @id) ORDER BY ts, id LIMIT 20000", conn);
                cmd.Parameters.AddWithValue("@ts", lastTs);
                cmd.Parameters.AddWithValue("@id", lastId);
                int n = 0;
                await using (var r = await cmd.ExecuteReaderAsync())
                {
                    while (await r.ReadAsync()) { r.GetValues(values); lastId = (long)values[0]; lastTs = (DateTime)values[1]; n++; }
                }
                paged += n;
                if (n < 20000) break;
            }
        }
        double keyset = paged / clock.Elapsed.TotalSeconds;

        var state = new FeatureSyncStateStore(server.ConnectionString, db + "_state");
        await state.EnsureSchemaAsync(CancellationToken.None);
        var job = Job(db, SyncMode.Full, "file://" + root) with { SettleDelay = TimeSpan.Zero, QuietPeriod = TimeSpan.Zero };
        await state.CreateJobAsync(job, CancellationToken.None);
        var runner = new FeatureSyncRunner(state, _ => cs, uri => ObjectStores.Open(uri, ObjectStoreSettings.Default));
        clock.Restart();
        var result = await runner.RunAsync(job.JobId, Options(root), CancellationToken.None);
        double ours = rows / clock.Elapsed.TotalSeconds;
        if (!result.AllDone) throw new InvalidOperationException("full-mode run did not finish");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"feature-sync full mode: {rows:N0} rows, sync {ours:N0} rows/s (ORC to file://) vs bare SELECT {bare:N0} rows/s, ratio {ours / bare:0.00}x (target >= 0.80x); keyset-paged SELECT alone {keyset:N0} rows/s, sync/keyset {ours / keyset:0.00}x"));
    }

    private static async Task LagAsync(MariaDbServer server, int rate, int seconds, string root)
    {
        var db = await server.CreateDatabaseAsync("fsbench");
        string cs = server.ConnectionStringFor(db);
        await CreateTableAsync(cs);
        var state = new FeatureSyncStateStore(server.ConnectionString, db + "_state");
        await state.EnsureSchemaAsync(CancellationToken.None);
        var job = Job(db, SyncMode.FullAndIncremental, "file://" + root) with
        {
            SettleDelay = TimeSpan.FromMilliseconds(300),
            RollInterval = TimeSpan.FromMilliseconds(500),
        };
        await state.CreateJobAsync(job, CancellationToken.None);
        var published = new Dictionary<string, DateTime>();
        var options = Options(root) with
        {
            FilePublished = f => { lock (published) published[f.RelativePath] = f.PublishedAtUtc.ToLocalTime(); },
        };
        var runner = new FeatureSyncRunner(state, _ => cs, uri => ObjectStores.Open(uri, ObjectStoreSettings.Default));
        using var stop = new CancellationTokenSource();
        var run = runner.RunAsync(job.JobId, options, stop.Token);

        long inserted = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            long due = (long)(clock.Elapsed.TotalSeconds * rate) - inserted;
            if (due > 0)
            {
                await InsertAsync(cs, inserted, (int)due, _ => "NOW(6)");
                inserted += due;
            }
            await Task.Delay(10);
        }
        double achieved = inserted / clock.Elapsed.TotalSeconds;
        await Task.Delay(3_000); // let the last rows arrive
        await stop.CancelAsync();
        await run;

        var lags = new List<double>();
        foreach (var (relative, at) in published)
        {
            await using var reader = await OrcReader.OpenFileAsync(Path.Combine(root, relative));
            await foreach (var batch in reader.ReadBatchesAsync())
            {
                var ts = (TimestampArray)batch.Column(1);
                for (int i = 0; i < batch.Length; i++) lags.Add((at - ts.GetTimestamp(i)!.Value.UtcDateTime).TotalMilliseconds);
            }
        }
        lags.Sort();
        if (lags.Count == 0) throw new InvalidOperationException("no rows were published");
        double P(double q) => lags[Math.Min(lags.Count - 1, (int)(q * lags.Count))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"feature-sync lag at {achieved:N0} inserted rows/s for {seconds}s ({lags.Count:N0} of {inserted:N0} rows offline, {published.Count} files): " +
            $"p50 {P(0.50) / 1000:0.000}s, p99 {P(0.99) / 1000:0.000}s, max {lags[^1] / 1000:0.000}s (target p99 < 2s; settle 0.3s, roll interval 0.5s)"));
    }

    private static FeatureSyncJob Job(string db, SyncMode mode, string dest) => new()
    {
        JobId = "bench",
        SourceConnection = "bench",
        Table = db + ".features",
        KeyColumn = "id",
        TimestampColumn = "ts",
        Mode = mode,
        Destinations = [dest],
        Format = OutputFormat.Orc,
        PageRows = 20_000,
    };

    private static FeatureSyncRunOptions Options(string root) => new()
    {
        WorkerId = "bench",
        PollInterval = TimeSpan.FromMilliseconds(100),
        SpoolDirectory = root + "-spool",
    };

    private static async Task CreateTableAsync(string cs)
    {
        await using var conn = new MySqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new MySqlCommand(
            "CREATE TABLE features (id BIGINT NOT NULL PRIMARY KEY, ts DATETIME(6) NOT NULL, score DOUBLE NULL, label VARCHAR(64) NULL, cnt INT NULL, KEY ix_ts_id (ts, id)) ENGINE=InnoDB", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task InsertAsync(string cs, long firstId, int count, Func<int, string> tsSql)
    {
        await using var conn = new MySqlConnection(cs);
        await conn.OpenAsync();
        for (int start = 0; start < count; start += 2_000)
        {
            int n = Math.Min(2_000, count - start);
            var sql = new StringBuilder("INSERT INTO features (id, ts, score, label, cnt) VALUES ");
            for (int i = 0; i < n; i++)
            {
                long id = firstId + start + i + 1;
                if (i > 0) sql.Append(',');
                sql.Append(CultureInfo.InvariantCulture, $"({id}, {tsSql(start + i)}, {id * 0.5}, 'label-{id}', {id % 1000})");
            }
            await using var cmd = new MySqlCommand(sql.ToString(), conn);
            await cmd.ExecuteNonQueryAsync();
        }
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        int i = System.Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
