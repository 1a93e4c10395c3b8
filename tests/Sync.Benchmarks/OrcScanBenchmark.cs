using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Sync.Orc;
using Sync.Orc.Text;
using Sync.Testing;

namespace Sync.Benchmarks;

/// <summary>
/// Scans the shared 1M-row benchmark files single-threaded and in parallel and prints rows/s, CPU time and peak
/// resident memory next to the Apache ORC C++ reader's figures (shared/bench/README.md), with the ratios; then checks
/// that the dumped rows hash to the README's MD5. Each configuration runs in its own child process
/// (<c>orc-scan-one FILE THREADS</c>) so its peak RSS (VmHWM) is its own.
/// </summary>
public static class OrcScanBenchmark
{
    private const string ExpectedMd5 = "4318bc20349482b524938313f14de621";
    private const int Runs = 5;
    private const double CppPeakMegabytes = 8;

    // Apache ORC C++ decode of the whole file, single-threaded, whole process (README)
    private static readonly (string File, double Seconds)[] Reference = [("bench1m_zlib.orc", 0.39), ("bench1m_zstd.orc", 0.13)];

    public static async Task<int> RunAsync(string[] args)
    {
        var dir = args.Length > 0 ? args[0] : Path.Combine(RepoPaths.Shared, "bench");
        var c = CultureInfo.InvariantCulture;
        var ok = true;
        Console.WriteLine($"each row: median of {Runs} in-process scans after one warm-up, all columns, in a child process of its own");
        Console.WriteLine("file                 threads  wall s   cpu s   rows/s      C++ s  ratio wall  ratio cpu  target  peak RSS MB (C++ ~8)  GC MB/scan");
        foreach (var (file, cppSeconds) in Reference)
        {
            var path = Path.Combine(dir, file);
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"missing {path}");
                return 2;
            }
            foreach (var threads in new[] { 1, Math.Max(2, Environment.ProcessorCount) })
            {
                var result = await RunChildAsync(path, threads);
                if (result == null) return 1;
                var (rows, wall, cpu, peakMb, allocatedMb) = result.Value;
                var ratio = cppSeconds / wall;
                var cpuRatio = cppSeconds / cpu;
                var target = threads == 1 ? 0.6 : 1.0;
                Console.WriteLine(string.Create(c, $"{file,-20} {threads,7}  {wall,6:F3}  {cpu,6:F3}  {rows / wall,10:F0}  {cppSeconds,5:F2}  {ratio,9:F2}x  {cpuRatio,8:F2}x  {target:F1}x {(ratio >= target ? "met" : "not met"),-7}  {peakMb,6:F0} ({peakMb / CppPeakMegabytes:F1}x)  {allocatedMb,8:F1}"));
            }
            var md5 = await DumpMd5Async(path);
            var match = md5 == ExpectedMd5;
            ok &= match;
            Console.WriteLine($"{file}: MD5 of dumped rows {md5} {(match ? "matches" : "DOES NOT MATCH")} the README's {ExpectedMd5}");
        }
        Console.WriteLine("ratio wall = C++ time / our wall time; ratio cpu = C++ time / our CPU time (the C++ figure is single-threaded, so CPU ≈ wall there)");
        return ok ? 0 : 1;
    }

    /// <summary>Child-process entry: one warm-up and <see cref="Runs"/> scans; prints rows, median wall and CPU seconds and VmHWM.</summary>
    public static async Task<int> RunOneAsync(string[] args)
    {
        var path = args[0];
        var threads = int.Parse(args[1], CultureInfo.InvariantCulture);
        // an optional third argument scans only those columns (comma-separated), to see where time goes
        var columns = args.Length > 2 ? args[2].Split(',') : null;
        await ScanAsync(path, threads, columns);
        var walls = new List<double>();
        var cpus = new List<double>();
        long rows = 0;
        using var self = Process.GetCurrentProcess();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        for (var r = 0; r < Runs; r++)
        {
            self.Refresh();
            var cpu = self.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            rows = await ScanAsync(path, threads, columns);
            walls.Add(watch.Elapsed.TotalSeconds);
            self.Refresh();
            cpus.Add((self.TotalProcessorTime - cpu).TotalSeconds);
        }
        allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / Runs;
        walls.Sort();
        cpus.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows} {walls[Runs / 2]:R} {cpus[Runs / 2]:R} {PeakResidentKilobytes()} {allocated}"));
        return 0;
    }

    private static async Task<(long Rows, double Wall, double Cpu, double PeakMb, double AllocatedMb)?> RunChildAsync(string path, int threads)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        var entry = Environment.GetCommandLineArgs()[0];
        if (entry.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) psi.ArgumentList.Add(entry);
        psi.ArgumentList.Add("orc-scan-one");
        psi.ArgumentList.Add(path);
        psi.ArgumentList.Add(threads.ToString(CultureInfo.InvariantCulture));
        using var child = Process.Start(psi)!;
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        var parts = output.Trim().Split(' ');
        if (child.ExitCode != 0 || parts.Length != 5)
        {
            Console.Error.WriteLine($"scan of {path} with {threads} threads failed (exit {child.ExitCode}): {output}");
            return null;
        }
        var c = CultureInfo.InvariantCulture;
        return (long.Parse(parts[0], c), double.Parse(parts[1], c), double.Parse(parts[2], c), long.Parse(parts[3], c) / 1024.0, long.Parse(parts[4], c) / (1024.0 * 1024.0));
    }

    /// <summary>VmHWM of this process in KiB: the most resident memory it ever had.</summary>
    private static long PeakResidentKilobytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
            return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
        }
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64 / 1024;
    }

    private static async Task<long> ScanAsync(string path, int threads, IReadOnlyList<string>? columns = null)
    {
        await using var reader = await OrcReader.OpenFileAsync(path, new OrcReaderOptions { Parallelism = threads });
        long rows = 0;
        await foreach (var batch in reader.ReadBatchesAsync(new OrcReadOptions { Columns = columns }))
        {
            rows += batch.Length;
            batch.Dispose();
        }
        return rows;
    }

    private static async Task<string> DumpMd5Async(string path)
    {
        await using var reader = await OrcReader.OpenFileAsync(path);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var sink = new HashingStream(md5);
        var printer = new OrcJsonRowPrinter(sink);
        await foreach (var batch in reader.ReadBatchesAsync())
        {
            using (batch) printer.Write(batch);
        }
        printer.Flush();
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    /// <summary>A write-only stream feeding an incremental hash.</summary>
    private sealed class HashingStream(IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => hash.AppendData(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => hash.AppendData(buffer);

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
