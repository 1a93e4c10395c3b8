using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sync.Metadata;
using Sync.Orchestrator.Hosting;
using Sync.Scheduling;

namespace Sync.Benchmarks;

/// <summary>
/// No-op tasks through the whole orchestrator: a DAG of one table whose source holds N one-file batches (default
/// 1,000), triggered, planned, queued as Hangfire jobs, run by the local executor as child processes (`/bin/true`, so
/// the figure is the orchestrator's own cost) and recorded in SQLite, until the run succeeds. Target ≥ 100 tasks/s.
/// Baseline in the same run: the same number of `/bin/true` processes started directly with the same parallelism,
/// the floor any local executor sits on. Usage: <c>scheduler [--batches N] [--parallel P]</c>.
/// </summary>
internal static class SchedulerBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        int batches = Arg(args, "--batches", 1000);
        int parallel = Arg(args, "--parallel", 32);
        var root = Path.Combine(Path.GetTempPath(), "sync-bench", "scheduler-" + Guid.NewGuid().ToString("N"));
        try
        {
            var baseline = await BareProcessesAsync(batches + 2, parallel);
            var (tasks, seconds, state) = await OrchestratedAsync(root, batches, parallel);
            var rate = tasks / seconds;
            Console.WriteLine($"scheduler: {tasks} tasks (plan, start, {batches} batches, finish) in {seconds:F2} s = {rate:F1} tasks/s, run {state}");
            Console.WriteLine($"baseline: {batches + 2} bare /bin/true processes, {parallel} at a time: {baseline:F1} processes/s");
            Console.WriteLine($"ratio: {rate / baseline:F2}x of bare process starts; target >= 100 tasks/s: {(rate >= 100 ? "met" : "MISSED")}");
            return state == DagRunState.Success ? 0 : 1;
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<double> BareProcessesAsync(int count, int parallel)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (_, ct) =>
        {
            using var process = Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true })!;
            process.StandardInput.Close();
            await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
        });
        return count / clock.Elapsed.TotalSeconds;
    }

    private static async Task<(int Tasks, double Seconds, DagRunState State)> OrchestratedAsync(string root, int batches, int parallel)
    {
        var source = Path.Combine(root, "source");
        for (var i = 0; i < batches; i++)
        {
            var folder = Path.Combine(source, $"dt=2026-11-{1 + i % 28:D2}");
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, $"part-{i:D5}.orc"), new byte[16]);
        }
        var dags = Path.Combine(root, "dags");
        Directory.CreateDirectory(dags);
        await File.WriteAllTextAsync(Path.Combine(dags, "bench.yaml"), $"""
            id: bench
            defaults:
              retries: 0
            tables:
              - id: t
                source: file://{source}
                target:
                  connection: warehouse
                  database: bench
                  table: t
                partition_columns:
                  - name: dt
                    type: date
                max_files_per_batch: 1
                max_parallel_batches: {parallel}
            """);

        Environment.SetEnvironmentVariable("SYNC_CONNECTION_WAREHOUSE", "Server=127.0.0.1;User ID=bench");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sync:DagsFolder"] = dags,
            ["Sync:DataFolder"] = Path.Combine(root, "data"),
            ["Sync:Local:WorkerCommand:0"] = "/bin/true",
            ["Sync:Hangfire:WorkerCount"] = parallel.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sync:Scheduler:DefaultPoolSlots"] = parallel.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sync:Scheduler:MaxActiveTasksPerDag"] = parallel.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Services.AddSyncOrchestrator(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var operations = host.Services.GetRequiredService<IDagOperations>();
            var store = host.Services.GetRequiredService<IMetadataStore>();
            var clock = Stopwatch.StartNew();
            var run = await operations.TriggerAsync("bench", null, null, CancellationToken.None);
            DagRunRecord? current;
            do
            {
                await Task.Delay(20);
                current = await store.GetRunAsync(run.DagId, run.RunId, CancellationToken.None);
            }
            while (current is { State: DagRunState.Queued or DagRunState.Running } && clock.Elapsed < TimeSpan.FromMinutes(10));
            var seconds = clock.Elapsed.TotalSeconds;
            var tasks = (await store.ListTasksAsync(run.DagId, run.RunId, CancellationToken.None)).Count;
            return (tasks, seconds, current!.State);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}
