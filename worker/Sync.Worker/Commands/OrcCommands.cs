using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sync.Orc;
using Sync.Orc.Text;

namespace Sync.Worker.Commands;

/// <summary>`orc dump|meta|scan|rewrite`: ORC tools built on the public reader and writer. Each subcommand is built by its own method.</summary>
public static class OrcCommands
{
    /// <summary>Exit code for a file that is not valid ORC (or cannot be opened).</summary>
    public const int BadFileExitCode = 2;

    public static Command Build()
    {
        var orc = new Command("orc", "Inspect, scan and rewrite ORC files");
        orc.Subcommands.Add(BuildDump());
        orc.Subcommands.Add(BuildMeta());
        orc.Subcommands.Add(BuildScan());
        orc.Subcommands.Add(BuildRewrite());
        return orc;
    }

    private static Argument<string> FileArgument() => new("file") { Description = "ORC file path" };

    private static Option<string?> ColumnsOption() => new("--columns") { Description = "comma-separated top-level columns to read (default: all)" };

    private static IReadOnlyList<string>? ParseColumns(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static Command BuildDump()
    {
        var file = FileArgument();
        var columns = ColumnsOption();
        var limit = new Option<long?>("--limit") { Description = "print at most N rows" };
        var dump = new Command("dump", "Print rows as JSON lines, in the layout of the ORC reference tools") { file, columns, limit };
        dump.SetAction((parse, ct) => RunGuardedAsync(parse.GetValue(file)!, async () =>
        {
            await using var reader = await OrcReader.OpenFileAsync(parse.GetValue(file)!, ct: ct).ConfigureAwait(false);
            var max = parse.GetValue(limit) ?? long.MaxValue;
            var options = new OrcReadOptions { Columns = ParseColumns(parse.GetValue(columns)) };
            using var stdout = Console.OpenStandardOutput();
            var printer = new OrcJsonRowPrinter(stdout);
            long printed = 0;
            await foreach (var batch in reader.ReadBatchesAsync(options, ct).ConfigureAwait(false))
            {
                using (batch)
                {
                    if (printed >= max) break;
                    var rows = (int)Math.Min(batch.Length, max - printed);
                    printer.Write(rows == batch.Length ? batch : batch.Slice(0, rows));
                    printed += rows;
                }
            }
            printer.Flush();
            return 0;
        }));
        return dump;
    }

    private static Command BuildMeta()
    {
        var file = FileArgument();
        var json = new Option<bool>("--json") { Description = "print as one JSON document" };
        var meta = new Command("meta", "Print schema, rows, stripes, encodings, compression and statistics") { file, json };
        meta.SetAction((parse, ct) => RunGuardedAsync(parse.GetValue(file)!, async () =>
        {
            await using var reader = await OrcReader.OpenFileAsync(parse.GetValue(file)!, ct: ct).ConfigureAwait(false);
            var stripes = new List<OrcStripeDetails>(reader.Stripes.Count);
            for (var i = 0; i < reader.Stripes.Count; i++) stripes.Add(await reader.ReadStripeDetailsAsync(i, ct).ConfigureAwait(false));
            if (parse.GetValue(json)) WriteMetaJson(reader, stripes);
            else WriteMetaText(reader, stripes);
            return 0;
        }));
        return meta;
    }

    private static Command BuildScan()
    {
        var file = FileArgument();
        var columns = ColumnsOption();
        var threads = new Option<int?>("--threads") { Description = "decode threads (default: all cores)" };
        var scan = new Command("scan", "Decode every selected value and report rows, elapsed time and rows/s") { file, columns, threads };
        scan.SetAction((parse, ct) => RunGuardedAsync(parse.GetValue(file)!, async () =>
        {
            var options = new OrcReaderOptions();
            if (parse.GetValue(threads) is { } t) options = options with { Parallelism = t };
            var watch = Stopwatch.StartNew();
            await using var reader = await OrcReader.OpenFileAsync(parse.GetValue(file)!, options, ct).ConfigureAwait(false);
            long rows = 0;
            await foreach (var batch in reader.ReadBatchesAsync(new OrcReadOptions { Columns = ParseColumns(parse.GetValue(columns)) }, ct).ConfigureAwait(false))
            {
                rows += batch.Length;
                batch.Dispose();
            }
            var seconds = watch.Elapsed.TotalSeconds;
            var c = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(c, $"rows: {rows}"));
            Console.WriteLine(string.Create(c, $"threads: {options.Parallelism}"));
            Console.WriteLine(string.Create(c, $"elapsed: {seconds:F3} s"));
            Console.WriteLine(string.Create(c, $"rows/s: {rows / Math.Max(seconds, 1e-9):F0}"));
            return 0;
        }));
        return scan;
    }

    private static Command BuildRewrite()
    {
        var input = new Argument<string>("in") { Description = "ORC file to read" };
        var output = new Argument<string>("out") { Description = "ORC file to write (replaced if it exists)" };
        var compression = new Option<string?>("--compression") { Description = "none, zlib, snappy, lz4 or zstd (default: the input's; zlib for lzo input)" };
        var stripeSize = new Option<long?>("--stripe-size") { Description = $"stripe size in bytes (default {OrcWriterOptions.DefaultStripeSize})" };
        var rewrite = new Command("rewrite", "Read a file and write it back, recompressed, through the public reader and writer") { input, output, compression, stripeSize };
        rewrite.SetAction((parse, ct) => RunGuardedAsync(parse.GetValue(input)!, async () =>
        {
            var codec = ParseCompression(parse.GetValue(compression));
            var size = parse.GetValue(stripeSize);
            if (size is < 1) throw new ArgumentException($"--stripe-size must be at least 1 byte, got {size}");
            var watch = Stopwatch.StartNew();
            var rows = await OrcRewriter.RewriteAsync(parse.GetValue(input)!, parse.GetValue(output)!, codec, size, ct).ConfigureAwait(false);
            var c = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(c, $"rows: {rows}"));
            Console.WriteLine(string.Create(c, $"elapsed: {watch.Elapsed.TotalSeconds:F3} s"));
            return 0;
        }));
        return rewrite;
    }

    private static OrcCompression? ParseCompression(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (Enum.TryParse<OrcCompression>(text, ignoreCase: true, out var codec) && Enum.IsDefined(codec) && codec != OrcCompression.Lzo && !int.TryParse(text, out _)) return codec;
        throw new ArgumentException($"--compression must be none, zlib, snappy, lz4 or zstd, got '{text}'");
    }

    /// <summary>Runs a command body; bad files print the error on stderr and exit with <see cref="BadFileExitCode"/>.</summary>
    private static async Task<int> RunGuardedAsync(string file, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (OrcFormatException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return BadFileExitCode;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"error: {file}: {ex.Message}").ConfigureAwait(false);
            return BadFileExitCode;
        }
    }

    private static void WriteMetaText(OrcReader reader, List<OrcStripeDetails> stripes)
    {
        var c = CultureInfo.InvariantCulture;
        var o = Console.Out;
        o.WriteLine($"file: {reader.Name}");
        o.WriteLine($"schema: {reader.OrcSchema}");
        o.WriteLine(string.Create(c, $"rows: {reader.NumberOfRows}"));
        o.WriteLine($"format: {reader.FileVersion}, writer version: {reader.WriterVersionName}, software: {reader.SoftwareVersion ?? "-"}");
        o.WriteLine(string.Create(c, $"compression: {reader.Compression}, block size: {reader.CompressionBlockSize}"));
        if (reader.ZstdDecoder != null) o.WriteLine($"zstd decoder: {reader.ZstdDecoder}");
        o.WriteLine(string.Create(c, $"row index stride: {reader.RowIndexStride}, writer time zone: {reader.WriterTimeZone ?? "-"}"));
        foreach (var kv in reader.UserMetadata) o.WriteLine(string.Create(c, $"user metadata: {kv.Key} = {Convert.ToHexString(kv.Value.Span)}"));
        foreach (var s in stripes)
        {
            var info = s.Stripe;
            o.WriteLine(string.Create(c, $"stripe {info.Index}: offset {info.Offset}, rows {info.NumberOfRows}, index {info.IndexLength}, data {info.DataLength}, footer {info.FooterLength}, time zone {s.WriterTimeZone ?? "-"}"));
            for (var col = 0; col < s.Encodings.Count; col++) o.WriteLine(string.Create(c, $"  column {col}: {s.Encodings[col]}{(s.RowIndexEntries.TryGetValue(col, out var n) ? $", {n} row index entries" : "")}"));
            foreach (var st in s.Streams) o.WriteLine(string.Create(c, $"  stream column {st.Column} {st.Kind}: offset {st.Offset}, length {st.Length}"));
        }
        foreach (var st in reader.ColumnStatistics)
        {
            o.WriteLine(string.Create(c, $"statistics column {st.Column}: values {st.NumberOfValues}, has null {st.HasNull?.ToString() ?? "-"}, min {st.Minimum ?? "-"}, max {st.Maximum ?? "-"}, sum {st.Sum ?? "-"}"));
        }
    }

    private static void WriteMetaJson(OrcReader reader, List<OrcStripeDetails> stripes)
    {
        using var stdout = Console.OpenStandardOutput();
        using var w = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("file", reader.Name);
        w.WriteString("schema", reader.OrcSchema);
        w.WriteNumber("rows", reader.NumberOfRows);
        w.WriteString("format", reader.FileVersion);
        w.WriteString("writerVersion", reader.WriterVersionName);
        w.WriteString("softwareVersion", reader.SoftwareVersion);
        w.WriteString("compression", reader.Compression.ToString());
        w.WriteNumber("compressionBlockSize", reader.CompressionBlockSize);
        if (reader.ZstdDecoder != null) w.WriteString("zstdDecoder", reader.ZstdDecoder);
        w.WriteNumber("rowIndexStride", reader.RowIndexStride);
        w.WriteString("writerTimeZone", reader.WriterTimeZone);
        w.WriteStartObject("userMetadata");
        foreach (var kv in reader.UserMetadata) w.WriteString(kv.Key, Convert.ToHexString(kv.Value.Span));
        w.WriteEndObject();
        w.WriteStartArray("stripes");
        foreach (var s in stripes)
        {
            w.WriteStartObject();
            w.WriteNumber("index", s.Stripe.Index);
            w.WriteNumber("offset", s.Stripe.Offset);
            w.WriteNumber("rows", s.Stripe.NumberOfRows);
            w.WriteNumber("indexLength", s.Stripe.IndexLength);
            w.WriteNumber("dataLength", s.Stripe.DataLength);
            w.WriteNumber("footerLength", s.Stripe.FooterLength);
            w.WriteString("writerTimeZone", s.WriterTimeZone);
            w.WriteStartArray("encodings");
            foreach (var e in s.Encodings) w.WriteStringValue(e);
            w.WriteEndArray();
            w.WriteStartArray("streams");
            foreach (var st in s.Streams)
            {
                w.WriteStartObject();
                w.WriteNumber("column", st.Column);
                w.WriteString("kind", st.Kind);
                w.WriteNumber("offset", st.Offset);
                w.WriteNumber("length", st.Length);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("statistics");
        foreach (var st in reader.ColumnStatistics)
        {
            w.WriteStartObject();
            w.WriteNumber("column", st.Column);
            w.WriteNumber("values", st.NumberOfValues);
            if (st.HasNull is { } hn) w.WriteBoolean("hasNull", hn);
            w.WriteString("minimum", st.Minimum);
            w.WriteString("maximum", st.Maximum);
            w.WriteString("sum", st.Sum);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        stdout.WriteByte((byte)'\n');
    }
}
