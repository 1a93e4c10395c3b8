using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using Sync.Orc;
using Sync.Testing;

namespace Sync.Benchmarks;

/// <summary>
/// `orc-write [rows]`: writes rows of the benchmark schema (see ../shared/bench/README.md) with ZLIB and ZSTD and
/// prints rows/s and MB/s; then rewrites bench1m_zlib.orc and compares that to only reading it.
/// </summary>
public static class OrcWriteBenchmark
{
    private const int BatchRows = 65_536;

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var schema = BenchSchema();
        var batches = Generate(schema, rows);
        var inputBytes = batches.Sum(ArrowBytes);
        Console.WriteLine($"orc-write: {rows:N0} rows of the bench schema, {inputBytes / 1e6:F1} MB as Arrow buffers");

        foreach (var codec in new[] { OrcCompression.Zlib, OrcCompression.Zstd })
        {
            var path = Path.Combine(Path.GetTempPath(), $"sync-orc-write-{codec}-{Environment.ProcessId}.orc");
            try
            {
                var watch = Stopwatch.StartNew();
                await using (var file = File.Create(path))
                await using (var writer = new OrcWriter(file, schema, new OrcWriterOptions { Compression = codec }))
                {
                    foreach (var batch in batches) await writer.WriteAsync(batch);
                }
                watch.Stop();
                var size = new FileInfo(path).Length;
                var seconds = watch.Elapsed.TotalSeconds;
                var readSeconds = await ReadSecondsAsync(path);
                Console.WriteLine(
                    $"  write {codec,-5}: {seconds:F2} s, {rows / seconds / 1e6:F2} M rows/s, {inputBytes / seconds / 1e6:F1} MB/s in, " +
                    $"{size / seconds / 1e6:F1} MB/s out, file {size / 1e6:F1} MB | baseline: reading it back {readSeconds:F2} s | ratio write/read {seconds / readSeconds:F2}");
            }
            finally
            {
                File.Delete(path);
            }
        }

        var bench = Path.Combine(RepoPaths.Shared, "bench", "bench1m_zlib.orc");
        if (!File.Exists(bench))
        {
            Console.WriteLine($"  rewrite: skipped, {bench} not found");
            return 0;
        }
        var readOnly = await ReadSecondsAsync(bench);
        var target = Path.Combine(Path.GetTempPath(), $"sync-orc-rewrite-{Environment.ProcessId}.orc");
        try
        {
            var watch = Stopwatch.StartNew();
            await using (var reader = await OrcReader.OpenFileAsync(bench))
            await using (var file = File.Create(target))
            await using (var writer = new OrcWriter(file, reader.ArrowSchema, new OrcWriterOptions { Compression = reader.Compression }))
            {
                await foreach (var batch in reader.ReadBatchesAsync())
                {
                    using (batch) await writer.WriteAsync(batch);
                }
            }
            watch.Stop();
            var rewrite = watch.Elapsed.TotalSeconds;
            Console.WriteLine(
                $"  rewrite bench1m_zlib.orc: {rewrite:F2} s ({new FileInfo(bench).Length / 1e6:F1} MB -> {new FileInfo(target).Length / 1e6:F1} MB) | " +
                $"baseline: read only {readOnly:F2} s | ratio rewrite/read {rewrite / readOnly:F2}");
        }
        finally
        {
            File.Delete(target);
        }
        return 0;
    }

    private static async Task<double> ReadSecondsAsync(string path)
    {
        var watch = Stopwatch.StartNew();
        long rows = 0;
        await using (var reader = await OrcReader.OpenFileAsync(path))
        {
            await foreach (var batch in reader.ReadBatchesAsync())
            {
                using (batch) rows += batch.Length;
            }
        }
        return watch.Elapsed.TotalSeconds;
    }

    private static Schema BenchSchema() => new(
    [
        new Field("id", Int64Type.Default, true),
        new Field("user_id", Int32Type.Default, true),
        new Field("name", StringType.Default, true),
        new Field("comment", StringType.Default, true),
        new Field("amount", DoubleType.Default, true),
        new Field("price", new Decimal128Type(12, 2), true),
        new Field("flag", BooleanType.Default, true),
        new Field("event_date", Date32Type.Default, true),
        new Field("event_ts", new TimestampType(TimeUnit.Nanosecond, (string?)null), true),
    ], null);

    /// <summary>Rows shaped like the bench files: skewed 1,000-name dictionary, high-cardinality comments, a few nulls.</summary>
    private static List<RecordBatch> Generate(Schema schema, int rows)
    {
        var random = new Random(42);
        string[] words = ["alpha", "beta", "gamma", "delta", "early", "late", "omega", "zeta", "refund", "order", "return", "gift", "promo"];
        var names = new string[1000];
        for (var n = 0; n < names.Length; n++) names[n] = $"Name{n:D4} Surname{(n * 7919) % 1000:D3}";
        var batches = new List<RecordBatch>();
        var start2015 = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var first = 0; first < rows; first += BatchRows)
        {
            var count = Math.Min(BatchRows, rows - first);
            var id = new Int64Array.Builder();
            var user = new Int32Array.Builder();
            var name = new StringArray.Builder();
            var comment = new StringArray.Builder();
            var amount = new DoubleArray.Builder();
            var prices = new byte[count * 16];
            var flag = new BooleanArray.Builder();
            var date = new Date32Array.Builder();
            var ts = new long[count];
            for (var i = 0; i < count; i++)
            {
                id.Append(first + i + 1);
                user.Append(random.Next(1, 500_001));
                var skew = random.NextDouble();
                name.Append(names[(int)(skew * skew * skew * names.Length)]);
                if (random.Next(50) == 0)
                {
                    comment.AppendNull();
                }
                else
                {
                    var text = string.Join(' ', Enumerable.Range(0, random.Next(3, 10)).Select(_ => words[random.Next(words.Length)]));
                    comment.Append($"{text} #{random.NextInt64(0, 1L << 40):x10}");
                }
                if (random.Next(100) == 0) amount.AppendNull();
                else amount.Append(Math.Round(random.NextDouble() * 100_000, 4));
                BinaryPrimitives.WriteInt128LittleEndian(prices.AsSpan(i * 16), random.NextInt64(0, 100_000_000_000));
                flag.Append(random.Next(10) < 3);
                var day = random.Next(0, 3653);
                date.Append(start2015.AddDays(day));
                ts[i] = ((long)(start2015.AddDays(random.Next(0, 3653)) - DateTime.UnixEpoch).TotalSeconds + random.Next(86_400)) * 1_000_000_000L
                    + random.Next(1000) * 1_000_000L;
            }
            var price = new Decimal128Array(new ArrayData(new Decimal128Type(12, 2), count, 0, 0, [ArrowBuffer.Empty, new ArrowBuffer(prices)]));
            var timestamps = new TimestampArray(new ArrayData(schema.FieldsList[8].DataType, count, 0, 0,
                [ArrowBuffer.Empty, new ArrowBuffer(System.Runtime.InteropServices.MemoryMarshal.AsBytes(ts.AsSpan()).ToArray())]));
            batches.Add(new RecordBatch(schema,
                [id.Build(), user.Build(), name.Build(), comment.Build(), amount.Build(), price, flag.Build(), date.Build(), timestamps], count));
        }
        return batches;
    }

    private static long ArrowBytes(RecordBatch batch)
    {
        long total = 0;
        foreach (var array in batch.Arrays)
        {
            foreach (var buffer in array.Data.Buffers) total += buffer.Length;
        }
        return total;
    }
}
