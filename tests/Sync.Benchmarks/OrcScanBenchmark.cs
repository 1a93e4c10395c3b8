using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Sync.Orc;
using Sync.Orc.Text;
using Sync.Testing;

namespace Sync.Benchmarks;

/// <summary>
/// Scans the shared 1M-row benchmark files single-threaded and in parallel and prints rows/s and peak memory
/// next to the Apache ORC C++ reader's figures (shared/bench/README.md), with the ratio; then checks that the
/// dumped rows hash to the README's MD5.
/// </summary>
public static class OrcScanBenchmark
{
    private const string ExpectedMd5 = "4318bc20349482b524938313f14de621";
    private const int Runs = 5;

    // Apache ORC C++ decode of the whole file, single-threaded, whole process (README)
    private static readonly (string File, double Seconds)[] Reference = [("bench1m_zlib.orc", 0.39), ("bench1m_zstd.orc", 0.13)];

    public static async Task<int> RunAsync(string[] args)
    {
        var dir = args.Length > 0 ? args[0] : Path.Combine(RepoPaths.Shared, "bench");
        var c = CultureInfo.InvariantCulture;
        var ok = true;
        Console.WriteLine("file                 threads  median s  rows/s      C++ s   ratio (C++ time / ours)  target");
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
                await ScanAsync(path, threads);
                var times = new List<double>();
                long rows = 0;
                for (var r = 0; r < Runs; r++)
                {
                    var watch = Stopwatch.StartNew();
                    rows = await ScanAsync(path, threads);
                    times.Add(watch.Elapsed.TotalSeconds);
                }
                times.Sort();
                var median = times[Runs / 2];
                var ratio = cppSeconds / median;
                var target = threads == 1 ? 0.6 : 1.0;
                Console.WriteLine(string.Create(c, $"{file,-20} {threads,7}  {median,8:F3}  {rows / median,10:F0}  {cppSeconds,5:F2}   {ratio,6:F2}x                  {target:F1}x {(ratio >= target ? "met" : "not met")}"));
            }
            var md5 = await DumpMd5Async(path);
            var match = md5 == ExpectedMd5;
            ok &= match;
            Console.WriteLine($"{file}: MD5 of dumped rows {md5} {(match ? "matches" : "DOES NOT MATCH")} the README's {ExpectedMd5}");
        }
        using var self = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(c, $"peak working set of this process: {self.PeakWorkingSet64 / (1024.0 * 1024.0):F0} MB (C++ reader: ~8 MB)"));
        return ok ? 0 : 1;
    }

    private static async Task<long> ScanAsync(string path, int threads)
    {
        await using var reader = await OrcReader.OpenFileAsync(path, new OrcReaderOptions { Parallelism = threads });
        long rows = 0;
        await foreach (var batch in reader.ReadBatchesAsync())
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
