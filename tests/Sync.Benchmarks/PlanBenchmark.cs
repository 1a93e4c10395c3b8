using System.Diagnostics;
using System.Runtime.CompilerServices;
using Sync.Planning;
using Sync.Storage;
using Sync.Tasks;

namespace Sync.Benchmarks;

/// <summary>
/// The plan of a table of 100,000 listed objects (target &lt; 2 s): Hive partition folders, packed into 50 MB batches
/// with the default file cap. Measured twice: over a listing held in memory (the planner's own cost) and over a
/// file:// folder of the same objects (listing included), next to a bare recursive listing of that folder in the same
/// run. Usage: <c>plan [--objects N]</c>.
/// </summary>
internal static class PlanBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var i = Array.IndexOf(args, "--objects");
        int objects = i >= 0 ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        var root = Path.Combine(Path.GetTempPath(), "sync-bench", "plan-" + Guid.NewGuid().ToString("N"));
        var options = new PlanOptions { PartitionColumns = [new PartitionColumnSpec { Name = "dt", Type = "date" }, new PartitionColumnSpec { Name = "region", Type = "string" }] };
        try
        {
            var listing = Enumerable.Range(0, objects)
                .Select(n => new ObjectInfo($"file://{root}/t/{PathOf(n)}", 64 * 1024 + n % 4096, null, DateTimeOffset.UnixEpoch))
                .OrderBy(o => o.Uri, StringComparer.Ordinal)
                .ToList();

            // Warm the code paths once so the figures are steady-state, not JIT.
            await BatchPlanner.PlanAsync(new ListedStore(listing.Take(1000).ToList()), $"file://{root}/t", options, CancellationToken.None);

            // CPU time next to wall time: on a shared machine the wall clock also counts other processes' turns.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var inMemory = await BatchPlanner.PlanAsync(new ListedStore(listing), $"file://{root}/t", options, CancellationToken.None);
            var planSeconds = clock.Elapsed.TotalSeconds;
            var planCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine($"plan (listing in memory): {objects:N0} objects -> {inMemory.Batches.Count:N0} batches in {planSeconds:F3} s (CPU {planCpu:F3} s); target < 2 s: {(planSeconds < 2 ? "met" : "MISSED")}");

            foreach (var n in Enumerable.Range(0, objects))
            {
                var path = Path.Combine(root, "t", PathOf(n));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllBytesAsync(path, [1]);
            }
            clock.Restart();
            var bare = Directory.EnumerateFiles(Path.Combine(root, "t"), "*", SearchOption.AllDirectories).Select(f => new FileInfo(f).Length).Count();
            var bareSeconds = clock.Elapsed.TotalSeconds;
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            clock.Restart();
            var fromFolder = await BatchPlanner.PlanAsync(new FileObjectStore(), $"file://{root}/t", options, CancellationToken.None);
            var folderSeconds = clock.Elapsed.TotalSeconds;
            var folderCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine($"plan (file:// folder, listing included): {fromFolder.TotalFiles:N0} objects -> {fromFolder.Batches.Count:N0} batches in {folderSeconds:F3} s (CPU {folderCpu:F3} s); target < 2 s: {(folderSeconds < 2 ? "met" : "MISSED")}");
            Console.WriteLine($"baseline: bare recursive listing of the same {bare:N0} files with sizes in {bareSeconds:F3} s; plan / listing = {folderSeconds / bareSeconds:F2}x");
            return 0;
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    private static string PathOf(int n) => $"dt=2026-{1 + n % 12:D2}-{1 + n / 12 % 28:D2}/region=r{n % 7}/part-{n:D6}.orc";

    /// <summary>A store that only lists, from a listing held in memory.</summary>
    private sealed class ListedStore(IReadOnlyList<ObjectInfo> objects) : IObjectStore
    {
        public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefixUri, [EnumeratorCancellation] CancellationToken ct)
        {
            foreach (var o in objects) yield return o;
            await Task.CompletedTask;
        }

        public Task<ObjectInfo> StatAsync(string uri, CancellationToken ct) => throw new NotSupportedException();
        public ValueTask ReadAsync(string uri, long offset, Memory<byte> destination, CancellationToken ct) => throw new NotSupportedException();
        public Task<Stream> OpenReadAsync(string uri, CancellationToken ct) => throw new NotSupportedException();
        public Task PutAsync(string uri, Stream content, CancellationToken ct) => throw new NotSupportedException();
        public Task DeleteAsync(string uri, CancellationToken ct) => throw new NotSupportedException();
    }
}
