using System.Diagnostics;
using System.Globalization;
using System.Text;
using Apache.Arrow;
using MySqlConnector;
using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.Running;
using Sync.FeatureSync.Source;
using Sync.FeatureSync.State;
using Sync.Orc;
using Sync.Storage;
using Sync.Testing;

namespace Sync.Benchmarks;

/// <summary>
/// Feature sync against a private MariaDB: (1) full-mode rows/s next to a bare SELECT of the same rows in the same run
/// (target ≥ 0.8×); (2) lag from insert to published file at a steady insert rate (default 5,000 rows/s; target p99 &lt; 2 s).
/// Usage: <c>feature-sync [--rows N] [--rate R] [--seconds S] [--rounds N] [--full-only]</c>.
/// </summary>
internal static class FeatureSyncBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        // A million rows: enough that a job's fixed costs (lease, schema, the last file's publication) do not dominate.
        int rows = Arg(args, "--rows", 1_000_000);
        int rate = Arg(args, "--rate", 5_000);
        int seconds = Arg(args, "--seconds", 20);
        var server = await MariaDbServer.GetAsync();
        var root = Path.Combine(Path.GetTempPath(), "sync-bench", "feature-sync-" + Guid.NewGuid().ToString("N"));
        try
        {
            await FullModeAsync(server, rows, Arg(args, "--rounds", 5), Path.Combine(root, "full"));
            if (!args.Contains("--full-only")) await LagAsync(server, rate, seconds, Path.Combine(root, "lag"));
            return 0;
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    private static async Task FullModeAsync(MariaDbServer server, int rows, int rounds, string root)
    {
        var db = await server.CreateDatabaseAsync("fsbench");
        string cs = server.ConnectionStringFor(db);
        await CreateTableAsync(cs);
        await InsertAsync(cs, 0, rows, i => "'" + DateTime.Now.AddDays(-1).AddMilliseconds(i * 50.0).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "'");
        var state = new FeatureSyncStateStore(server.ConnectionString, db + "_state");
        await state.EnsureSchemaAsync(CancellationToken.None);
        // Warm-up, untimed: the buffer pool, the connection pool, and the JIT (a long-running worker runs optimized code;
        // tiered compilation needs a few passes before the per-page methods are at their final tier).
        for (int pass = 1; pass <= 5; pass++)
        {
            await BareSelectAsync(cs, prepare: false);
            await BareSelectAsync(cs, prepare: true);
            await SyncAllAsync(state, cs, db, rows, 1000 + pass, Path.Combine(root, $"warm-up{pass}"));
        }

        // Rounds alternate baseline and sync, so a busy moment of the machine hits both alike; medians are reported.
        var bare = new List<double>();
        var barePrepared = new List<double>();
        var ours = new List<double>();
        var oursNoReadAhead = new List<double>();
        int serverPid = CpuMeter.ServerPid(server.DataDir);
        var bareCpu = new List<(double Client, double Server)>();
        var oursCpu = new List<(double Client, double Server)>();
        for (int round = 1; round <= rounds; round++)
        {
            var meter = CpuMeter.Start(serverPid);
            bare.Add(await BareSelectAsync(cs, prepare: false));
            bareCpu.Add(meter.Stop());
            barePrepared.Add(await BareSelectAsync(cs, prepare: true));
            meter = CpuMeter.Start(serverPid);
            ours.Add(await SyncAllAsync(state, cs, db, rows, round, Path.Combine(root, $"round{round}")));
            oursCpu.Add(meter.Stop());
            oursNoReadAhead.Add(await SyncAllAsync(state, cs, db, rows, -round, Path.Combine(root, $"round{round}-plain"), readAhead: false));
        }
        double keyset = await KeysetSelectAsync(cs);
        var (plain, ahead, writePhase, writeCpu) = await PhasesAsync(cs, db, rounds, root + "-phases");

        double syncMedian = Median(ours), bareMedian = Median(bare), preparedMedian = Median(barePrepared);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"feature-sync full mode: {rows:N0} rows, median of {rounds} rounds: sync {syncMedian:N0} rows/s (ORC to file://) vs bare SELECT {bareMedian:N0} rows/s, ratio {syncMedian / bareMedian:0.00}x (target >= 0.80x)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  per round sync/bare: {string.Join(", ", ours.Select((o, i) => $"{o:N0}/{bare[i]:N0}={o / bare[i]:0.00}x"))}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  sync without reading ahead {Median(oursNoReadAhead):N0} rows/s, ratio {Median(oursNoReadAhead) / bareMedian:0.00}x; per round {string.Join(", ", oursNoReadAhead.Select(o => $"{o:N0}"))}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  bare SELECT prepared (binary protocol) {preparedMedian:N0} rows/s, sync/prepared {syncMedian / preparedMedian:0.00}x; keyset-paged SELECT through the (ts, id) index {keyset:N0} rows/s"));
        string Cpu(List<(double Client, double Server)> cpu) => string.Create(CultureInfo.InvariantCulture,
            $"client {Median(cpu.Select(c => c.Client * 1e6 / rows).ToList()):0.00} + server {Median(cpu.Select(c => c.Server * 1e6 / rows).ToList()):0.00} µs/row");
        Console.WriteLine($"  CPU per row (median): sync {Cpu(oursCpu)}; bare SELECT {Cpu(bareCpu)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  phases alone (medians): source read+convert {plain.RowsPerSecond:N0} rows/s, client CPU {plain.CpuPerRow:0.00} µs/row (primary-key range reads: {(plain.KeyRange ? "on" : "off")}); " +
            $"reading ahead {ahead.RowsPerSecond:N0} rows/s, {ahead.CpuPerRow:0.00} µs/row ({ahead.PagesReadAhead:N0} pages read ahead); ORC write {writePhase:N0} rows/s, CPU {writeCpu:0.00} µs/row"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Baseline: one bare SELECT of the same columns, every value read (text protocol, or prepared: binary).</summary>
    private static async Task<double> BareSelectAsync(string cs, bool prepare)
    {
        var clock = Stopwatch.StartNew();
        long read = 0;
        await using (var conn = new MySqlConnection(cs))
        {
            await conn.OpenAsync();
            await using var cmd = new MySqlCommand("SELECT id, ts, score, label, cnt FROM features", conn);
            if (prepare) await cmd.PrepareAsync();
            await using var r = await cmd.ExecuteReaderAsync();
            var values = new object[5];
            while (await r.ReadAsync()) { r.GetValues(values); read++; }
        }
        return read / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The same rows as prepared keyset pages through the (ts, id) index, nothing converted or written.</summary>
    private static async Task<double> KeysetSelectAsync(string cs)
    {
        var clock = Stopwatch.StartNew();
        long paged = 0;
        await using (var conn = new MySqlConnection(cs))
        {
            await conn.OpenAsync();
            DateTime lastTs = DateTime.MinValue;
            long lastId = long.MinValue;
            var values = new object[5];
            while (true)
            {
                await using var cmd = new MySqlCommand(
                    "SELECT id, ts, score, label, cnt FROM features WHERE ts >= @ts AND (ts > @ts OR id > @id) ORDER BY ts, id LIMIT 20000", conn);
                cmd.Parameters.AddWithValue("@ts", lastTs);
                cmd.Parameters.AddWithValue("@id", lastId);
                await cmd.PrepareAsync();
                int n = 0;
                await using (var r = await cmd.ExecuteReaderAsync())
                {
                    while (await r.ReadAsync()) { r.GetValues(values); lastId = (long)values[0]; lastTs = (DateTime)values[1]; n++; }
                }
                paged += n;
                if (n < 20000) break;
            }
        }
        return paged / clock.Elapsed.TotalSeconds;
    }

    /// <summary>A full-mode job over the whole table, run to its end: rows per second of wall time.</summary>
    private static async Task<double> SyncAllAsync(FeatureSyncStateStore state, string cs, string db, int rows, int round, string root, bool readAhead = true)
    {
        var job = Job(db, SyncMode.Full, "file://" + root) with
        {
            JobId = round < 0 ? $"bench_full_plain_{-round}" : $"bench_full_{round}", SettleDelay = TimeSpan.Zero, QuietPeriod = TimeSpan.Zero,
        };
        await state.CreateJobAsync(job, CancellationToken.None);
        var runner = new FeatureSyncRunner(state, _ => cs, uri => ObjectStores.Open(uri, ObjectStoreSettings.Default));
        var clock = Stopwatch.StartNew();
        var result = await runner.RunAsync(job.JobId, Options(root) with { ReadAhead = readAhead }, CancellationToken.None);
        double rate = rows / clock.Elapsed.TotalSeconds;
        if (!result.AllDone) throw new InvalidOperationException("full-mode run did not finish");
        long published = (await state.GetStatusAsync(job.JobId, CancellationToken.None)).Sum(t => t.RowsSynced);
        if (published != rows) throw new InvalidOperationException($"full-mode run published {published:N0} rows, not {rows:N0}");
        return rate;
    }

    /// <summary>
    /// The full-mode path in two halves, each alone: the sync's source reader (query + Arrow), without and with reading
    /// ahead, then ORC writing of what it read.
    /// </summary>
    private static async Task<(ReadPhase Plain, ReadPhase Ahead, double Write, double WriteCpu)> PhasesAsync(string cs, string db, int rounds, string folder)
    {
        var job = Job(db, SyncMode.Full, "file://" + folder);
        // Alternating, as the rounds do; the medians are kept.
        var plains = new List<ReadPhase>();
        var aheads = new List<ReadPhase>();
        for (int round = 0; round < rounds; round++)
        {
            plains.Add(await ReadPhaseAsync(cs, job, readAhead: false));
            aheads.Add(await ReadPhaseAsync(cs, job, readAhead: true));
        }
        var plain = plains.OrderBy(p => p.RowsPerSecond).ElementAt(rounds / 2);
        var ahead = aheads.OrderBy(p => p.RowsPerSecond).ElementAt(rounds / 2);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        Directory.CreateDirectory(folder);
        var clock = Stopwatch.StartNew();
        await using (var file = File.Create(Path.Combine(folder, "all.orc")))
        {
            await using var writer = new OrcWriter(file, ahead.Batches[0].Schema, new OrcWriterOptions { Compression = OrcCompression.Zstd });
            foreach (var b in ahead.Batches) await writer.WriteAsync(b);
            await writer.CloseAsync();
        }
        double write = ahead.Rows / clock.Elapsed.TotalSeconds;
        double writeCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / ahead.Rows;
        return (plain, ahead, write, writeCpu);
    }

    private sealed record ReadPhase(List<Apache.Arrow.RecordBatch> Batches, long Rows, double RowsPerSecond, double CpuPerRow, bool KeyRange, long PagesReadAhead);

    /// <summary>Every row through the sync's source reader, as full-mode catch-up reads them.</summary>
    private static async Task<ReadPhase> ReadPhaseAsync(string cs, FeatureSyncJob job, bool readAhead)
    {
        var batches = new List<Apache.Arrow.RecordBatch>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        long rows = 0;
        // The settings the sync's partition tasks read with.
        await using var conn = new MySqlConnection(SourceConnections.ForReading(cs));
        await conn.OpenAsync();
        var source = await SourceSchema.LoadAsync(conn, job, CancellationToken.None);
        await using var reader = new SourceReader(job, source, PartitionFilter.For(job, source, 0), readAhead: readAhead);
        var cursor = SyncCursor.Beginning;
        while (true)
        {
            var page = await reader.ReadPageAsync(conn, cursor, upTo: null, job.PageRows, day: null, CancellationToken.None);
            if (page.Batch != null) batches.Add(page.Batch);
            rows += page.Rows;
            if (page.Rows == 0) break;
            cursor = SyncCursor.AfterPosition(page.Last);
        }
        return new ReadPhase(batches, rows, rows / clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / rows,
            reader.UsesKeyRangeReads, reader.PagesReadAhead);
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
