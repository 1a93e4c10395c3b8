using System.Diagnostics;
using System.Globalization;
using MySqlConnector;
using Sync.Orc;
using Sync.TableSync;
using Sync.Tasks;
using Sync.Testing;

namespace Sync.Benchmarks;

/// <summary>
/// The <c>batch</c> step against a private MariaDB, as worker processes (<c>task run</c>), printed, not asserted:
/// (1) rows/s loading the shared 1M-row ORC file by each write path (multi-row INSERT IGNORE, LOAD DATA LOCAL streamed
/// while rows are formatted) next to MariaDB's own server-side <c>LOAD DATA INFILE</c> of the same rows from a local CSV,
/// in the same run, with the ratio (target ≥ 0.8×); (2) peak RSS (VmHWM) of a batch worker loading about 1 GB of ORC
/// written by the project's writer (target ≤ 256 MB), next to the peak of reader-only scans of the same file
/// (<c>orc scan</c>, and a child reading it through the object store exactly as the batch step does), so the reader's
/// share and the loader's share are seen apart.
/// Usage: <c>load [--file PATH] [--runs N] [--gigabytes G] [--no-rss]</c> (<c>--runs 0</c>: the memory part only).
/// </summary>
internal static class LoadBenchmark
{
    private const long RssTargetBytes = 256L * 1024 * 1024;
    private const double RatioTarget = 0.8;
    private const string ConnectionName = "bench";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length >= 2 && args[0] == ReadOnlyArgument) return await ReadOnlyAsync(args[1], int.Parse(Arg(args, "--parallelism") ?? "0", CultureInfo.InvariantCulture));
        var file = Arg(args, "--file") ?? Path.Combine(RepoPaths.Shared, "bench", "bench1m_zlib.orc");
        var runs = int.Parse(Arg(args, "--runs") ?? "2", CultureInfo.InvariantCulture);
        var gigabytes = double.Parse(Arg(args, "--gigabytes") ?? "1", CultureInfo.InvariantCulture);
        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"missing {file} (the shared benchmark files, see shared/bench/README.md)");
            return 2;
        }
        var server = await MariaDbServer.GetAsync();
        var work = Path.Combine(Path.GetTempPath(), "sync-bench", "load-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            if (runs > 0) await ThroughputAsync(server, file, runs, work);
            if (!args.Contains("--no-rss")) await PeakMemoryAsync(server, file, gigabytes, work);
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task ThroughputAsync(MariaDbServer server, string file, int runs, string work)
    {
        long rows;
        await using (var reader = await OrcReader.OpenFileAsync(file)) rows = reader.NumberOfRows;
        Console.WriteLine($"load: {Path.GetFileName(file)} ({new FileInfo(file).Length:N0} bytes, {rows:N0} rows) into MariaDB, best of {runs} run(s) per path");
        var best = new Dictionary<string, BatchRun>();
        string? csv = null;
        TableInfo? csvSource = null;
        for (var run = 0; run < runs; run++)
        {
            foreach (var mode in new[] { "insert", "load-data" })
            {
                var target = await PrepareAsync(server, file, mode, work);
                var result = await RunBatchAsync(target, work);
                if (result.Result.Rows != rows) throw new InvalidOperationException($"{mode}: the batch loaded {result.Result.Rows} rows, the file holds {rows}");
                Console.WriteLine($"  run {run + 1} {mode,-9}: {result.Result.Seconds,7:F2} s in the step, {result.WallSeconds,7:F2} s as a process, {rows / result.Result.Seconds,12:N0} rows/s, peak RSS {Mb(result.PeakRss)}");
                if (!best.TryGetValue(mode, out var b) || result.Result.Seconds < b.Result.Seconds) best[mode] = result;
                if (csv is null && mode == "load-data")
                {
                    // The baseline's input: the very rows the batch loaded, written by the server as CSV.
                    csv = Path.Combine(work, "rows.csv");
                    await ExecuteAsync(target.ConnectionString, $"SELECT * INTO OUTFILE '{csv}' FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' LINES TERMINATED BY '\\n' FROM `{target.Staging}`");
                    csvSource = target;
                }
                else
                {
                    await ExecuteAsync(server.ConnectionString, $"DROP DATABASE `{target.Database}`");
                }
            }
        }

        var baseline = double.MaxValue;
        for (var run = 0; run < runs; run++)
        {
            var copy = $"baseline_{run}";
            await ExecuteAsync(csvSource!.ConnectionString, $"CREATE TABLE `{copy}` LIKE `{csvSource.Staging}`");
            var clock = Stopwatch.StartNew();
            await ExecuteAsync(csvSource.ConnectionString, $"LOAD DATA INFILE '{csv}' INTO TABLE `{copy}` FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' LINES TERMINATED BY '\\n'");
            var seconds = clock.Elapsed.TotalSeconds;
            var loaded = Convert.ToInt64(await ScalarAsync(csvSource.ConnectionString, $"SELECT COUNT(*) FROM `{copy}`"), CultureInfo.InvariantCulture);
            if (loaded != rows) throw new InvalidOperationException($"LOAD DATA INFILE loaded {loaded} rows of {rows}");
            Console.WriteLine($"  run {run + 1} LOAD DATA INFILE (server-side, local CSV of {new FileInfo(csv!).Length:N0} bytes): {seconds,7:F2} s, {rows / seconds,12:N0} rows/s");
            baseline = Math.Min(baseline, seconds);
            await ExecuteAsync(csvSource.ConnectionString, $"DROP TABLE `{copy}`");
        }
        await ExecuteAsync(server.ConnectionString, $"DROP DATABASE `{csvSource!.Database}`");

        var baselineRate = rows / baseline;
        Console.WriteLine();
        Console.WriteLine("path                              rows/s   ratio to LOAD DATA INFILE (target >= 0.8)");
        Console.WriteLine($"LOAD DATA INFILE (baseline) {baselineRate,12:N0}   1.00");
        foreach (var (mode, result) in best.OrderByDescending(b => rows / b.Value.Result.Seconds))
        {
            var rate = rows / result.Result.Seconds;
            Console.WriteLine($"batch, {mode,-20} {rate,12:N0}   {rate / baselineRate:F2}{(rate / baselineRate >= RatioTarget ? "" : "  (below target)")}");
        }
        var faster = best.OrderBy(b => b.Value.Result.Seconds).First().Key;
        Console.WriteLine($"faster path: {faster} (default: {WriteModeName(Sync.Warehouse.Loading.WarehouseLoaderOptions.DefaultWriteMode)})");
        Console.WriteLine();
    }

    private static async Task PeakMemoryAsync(MariaDbServer server, string file, double gigabytes, string work)
    {
        var big = await LargeFileAsync(file, gigabytes);
        long rows;
        int stripes;
        await using (var reader = await OrcReader.OpenFileAsync(big))
        {
            rows = reader.NumberOfRows;
            stripes = reader.Stripes.Count;
        }
        Console.WriteLine($"peak memory: {big} ({new FileInfo(big).Length:N0} bytes, {rows:N0} rows, {stripes} stripes)");

        var scan = await RunWorkerAsync(["orc", "scan", big, "--threads", "1"], new Dictionary<string, string>(), work);
        if (scan.ExitCode != 0) throw new InvalidOperationException($"orc scan exited {scan.ExitCode}: {scan.Stderr}");
        Console.WriteLine($"  reader only, orc scan --threads 1: {scan.WallSeconds,7:F2} s, peak RSS {Mb(scan.PeakRss)}");
        var read = await RunChildAsync(["load", ReadOnlyArgument, big], work);
        Console.WriteLine($"  reader only, as the batch step reads (object-store ranged reads, default reader options, 65,536-row batches, nothing loaded): {read.WallSeconds,7:F2} s, peak RSS {Mb(read.PeakRss)}");
        var serial = await RunChildAsync(["load", ReadOnlyArgument, big, "--parallelism", "1"], work);
        Console.WriteLine($"  reader only, the same with Parallelism = 1: {serial.WallSeconds,7:F2} s, peak RSS {Mb(serial.PeakRss)}");

        var target = await PrepareAsync(server, big, "default", work);
        var batch = await RunBatchAsync(target, work);
        if (batch.Result.Rows != rows) throw new InvalidOperationException($"the batch loaded {batch.Result.Rows} rows, the file holds {rows}");
        await ExecuteAsync(server.ConnectionString, $"DROP DATABASE `{target.Database}`");
        Console.WriteLine($"  batch worker ({batch.Result.Details?["write_mode"]}): {batch.Result.Seconds,7:F2} s, {rows / batch.Result.Seconds,12:N0} rows/s, peak RSS {Mb(batch.PeakRss)}" +
            $" (target <= {Mb(RssTargetBytes)}: {(batch.PeakRss <= RssTargetBytes ? "met" : "over")})");
        // not a subtraction: the reader alone decodes many times faster than the load consumes, so its peak is its own
        Console.WriteLine($"  batch worker {Mb(batch.PeakRss)} beside the reader alone as the batch step reads {Mb(read.PeakRss)}");
    }

    /// <summary>About <paramref name="gigabytes"/> GB of ORC in the benchmark file's shape, written by the project's writer (kept for reruns).</summary>
    private static async Task<string> LargeFileAsync(string file, double gigabytes)
    {
        var cache = Path.Combine(Path.GetTempPath(), "sync-bench", "cache");
        Directory.CreateDirectory(cache);
        var path = Path.Combine(cache, $"{Path.GetFileNameWithoutExtension(file)}-{gigabytes.ToString(CultureInfo.InvariantCulture)}g.orc");
        if (File.Exists(path)) return path;
        var limit = (long)(gigabytes * 1_000_000_000);
        var partial = path + ".partial";
        var clock = Stopwatch.StartNew();
        await using (var output = File.Create(partial))
        {
            OrcWriter? writer = null;
            try
            {
                while (writer is null || writer.BytesWritten < limit)
                {
                    await using var reader = await OrcReader.OpenFileAsync(file);
                    writer ??= new OrcWriter(output, reader.ArrowSchema);
                    await foreach (var batch in reader.ReadBatchesAsync(new OrcReadOptions()))
                    {
                        using (batch) await writer.WriteAsync(batch);
                    }
                }
                await writer.CloseAsync();
            }
            finally
            {
                if (writer != null) await writer.DisposeAsync();
            }
        }
        File.Move(partial, path);
        Console.WriteLine($"  wrote {path} in {clock.Elapsed.TotalSeconds:F0} s");
        return path;
    }

    private const string ReadOnlyArgument = "--read-only";

    /// <summary>
    /// Child mode: reads every row of <paramref name="file"/> the way the batch step does (ranged reads through the object
    /// store, so each stripe's streams are fetched whole, and the step's batch size), loading nothing.
    /// </summary>
    private static async Task<int> ReadOnlyAsync(string file, int parallelism)
    {
        var options = parallelism > 0 ? new OrcReaderOptions { Parallelism = parallelism } : null;
        var uri = "file://" + Path.GetFullPath(file);
        var store = new Sync.Storage.FileObjectStore();
        await using var reader = await OrcReader.OpenAsync(new ObjectRangeSource(store, uri, new FileInfo(file).Length), options);
        long rows = 0;
        await foreach (var batch in reader.ReadBatchesAsync(new OrcReadOptions { MaxBatchRows = new TableSyncOptions().OrcBatchRows }))
        {
            using (batch) rows += batch.Length;
        }
        Console.WriteLine(rows.ToString(CultureInfo.InvariantCulture));
        return 0;
    }

    /// <summary>Runs this benchmark program as a child process, sampling its peak RSS.</summary>
    private static async Task<WorkerRun> RunChildAsync(IEnumerable<string> args, string work)
    {
        // the worker sets these two glibc malloc options in-process at start (NativeAllocatorSettings); the reader-only
        // child gets the same through the environment, so the two peaks compare like with like
        var allocator = new Dictionary<string, string> { ["MALLOC_ARENA_MAX"] = "2", ["MALLOC_MMAP_THRESHOLD_"] = "131072" };
        var run = await RunProcessAsync(Path.Combine(AppContext.BaseDirectory, "Sync.Benchmarks.dll"), args, allocator, work);
        return run.ExitCode == 0 ? run : throw new InvalidOperationException($"reader-only child exited {run.ExitCode}: {run.Stderr}");
    }

    private sealed record TableInfo(string Database, string ConnectionString, TaskSpec Batch, string Staging);

    private sealed record BatchRun(TaskResult Result, double WallSeconds, long PeakRss);

    /// <summary>A fresh database and the run's staging table (start, in process); returns the batch's spec.</summary>
    private static async Task<TableInfo> PrepareAsync(MariaDbServer server, string file, string mode, string work)
    {
        var db = await server.CreateDatabaseAsync("load");
        var cs = server.ConnectionStringFor(db);
        var table = new TableSyncSpec
        {
            Source = "file://" + Path.GetDirectoryName(file),
            TargetConnection = ConnectionName,
            TargetDatabase = db,
            TargetTable = "bench",
            WriteMode = mode,
        };
        var batch = new BatchSpec { Index = 1, Files = [new BatchFile { Uri = "file://" + file, Size = new FileInfo(file).Length }] };
        TaskSpec Spec(string kind) => new()
        {
            Kind = kind, DagId = "load-bench", RunId = db, TaskId = kind, Table = table,
            Batch = kind == TaskKinds.TableBatch ? batch : null, AllBatches = [batch],
        };
        var runner = new TableSyncRunner(new TableSyncOptions { ResolveConnection = _ => cs });
        var (exit, start) = await runner.RunAsync(Spec(TaskKinds.TableStart), CancellationToken.None);
        if (exit != ExitCodes.Success) throw new InvalidOperationException($"start: {start.Error}");
        return new TableInfo(db, cs, Spec(TaskKinds.TableBatch), TableNames.Staging(Spec(TaskKinds.TableStart), table));
    }

    private static async Task<BatchRun> RunBatchAsync(TableInfo target, string work)
    {
        var specFile = Path.Combine(work, $"batch-{target.Database}.json");
        await File.WriteAllTextAsync(specFile, TaskJson.Serialize(target.Batch));
        var run = await RunWorkerAsync(["task", "run", "--spec", specFile],
            new Dictionary<string, string> { [ConnectionResolver.EnvironmentVariableFor(ConnectionName)] = target.ConnectionString }, work);
        var last = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        var result = last.StartsWith('{') ? TaskJson.Deserialize<TaskResult>(last) : null;
        if (run.ExitCode != 0 || result is null) throw new InvalidOperationException($"batch exited {run.ExitCode}: {result?.Error}\n{run.Stderr}");
        return new BatchRun(result, run.WallSeconds, run.PeakRss);
    }

    private sealed record WorkerRun(int ExitCode, string Stdout, string Stderr, double WallSeconds, long PeakRss);

    /// <summary>Runs the built worker as a child process, sampling its VmHWM (peak resident set) until it exits.</summary>
    private static Task<WorkerRun> RunWorkerAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string> env, string work) =>
        RunProcessAsync(WorkerDll, args, env, work);

    private static async Task<WorkerRun> RunProcessAsync(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> env, string work)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = work };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var kv in env) psi.Environment[kv.Key] = kv.Value;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the worker");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        long peak = 0;
        var exited = process.WaitForExitAsync();
        while (!exited.IsCompleted)
        {
            peak = Math.Max(peak, HighWaterMark(process.Id));
            await Task.WhenAny(exited, Task.Delay(5));
        }
        await exited;
        return new WorkerRun(process.ExitCode, await stdout, await stderr, clock.Elapsed.TotalSeconds, peak);
    }

    /// <summary>
    /// The worker as built in its own folder (same configuration and framework as this program), so it runs with its
    /// own dependency versions rather than the benchmark's.
    /// </summary>
    private static string WorkerDll
    {
        get
        {
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
            return Path.Combine(RepoPaths.Root, "worker", "Sync.Worker", "bin", framework.Parent!.Name, framework.Name, "Sync.Worker.dll");
        }
    }

    /// <summary>VmHWM of a live process in bytes (0 once it is gone).</summary>
    private static long HighWaterMark(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException)
        {
            // exited between samples
        }
        return 0;
    }

    private static string WriteModeName(Sync.Warehouse.Loading.WriteMode mode) => mode == Sync.Warehouse.Loading.WriteMode.Insert ? "insert" : "load-data";

    private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:F0} MB";

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection) { CommandTimeout = 3600 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection) { CommandTimeout = 3600 };
        return await command.ExecuteScalarAsync();
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
