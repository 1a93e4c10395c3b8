using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using Sync.Orc;

namespace Sync.TableSync.Tests.Support;

/// <summary>
/// A Hive-style table written as ORC files by the project's writer, with the rows each file holds kept as the
/// expected truth (rendered by <see cref="RowText"/>, partition value last). Rows are seeded, so a layout always
/// writes the same bytes. Values are chosen to trip loaders: quotes, commas, backslashes, line breaks, tabs, "\N",
/// "NULL", empty strings next to NULLs, characters outside the BMP, extreme doubles and dates.
/// </summary>
internal sealed class SourceTable
{
    public static readonly Schema Schema = new Schema.Builder()
        .Field(new Field("id", Int64Type.Default, nullable: false))
        .Field(new Field("qty", Int32Type.Default, nullable: true))
        .Field(new Field("name", StringType.Default, nullable: true))
        .Field(new Field("amount", DoubleType.Default, nullable: true))
        .Field(new Field("price", new Decimal128Type(12, 2), nullable: true))
        .Field(new Field("flag", BooleanType.Default, nullable: true))
        .Field(new Field("day", Date32Type.Default, nullable: true))
        .Field(new Field("ts", new TimestampType(TimeUnit.Nanosecond, (string?)null), nullable: true))
        .Field(new Field("payload", BinaryType.Default, nullable: true))
        .Build();

    /// <summary>The columns a test selects, in <see cref="RowText"/> order (ORC columns, then the partition column).</summary>
    public const string SelectList = "`id`,`qty`,`name`,`amount`,`price`,`flag`,`day`,`ts`,`payload`,`dt`";

    private static readonly string[] Awkward =
    [
        "", "plain", "comma,inside", "quote\"inside", "\"\"", "back\\slash", "ends with backslash\\", "line\nbreak", "crlf\r\nend",
        "tab\tinside", "\\N", "NULL", "null", "é ü 中文", "emoji 😀 beyond BMP", " padded ", "'single'", "semi;colon", "%_like",
    ];

    private readonly List<SourceFile> _files = [];
    private readonly Random _random;
    private long _nextId;

    private readonly bool _millisecondTimestamps;

    /// <param name="root">Local folder of the table.</param>
    /// <param name="seed">Seed of the generated values.</param>
    /// <param name="firstId">First value of the unique <c>id</c> column.</param>
    /// <param name="millisecondTimestamps">Keep timestamps to whole milliseconds (what AnalyticDB's DATETIME holds).</param>
    public SourceTable(string root, int seed = 20261123, long firstId = 1, bool millisecondTimestamps = false)
    {
        Root = root;
        _millisecondTimestamps = millisecondTimestamps;
        _random = new Random(seed);
        _nextId = firstId;
        Directory.CreateDirectory(root);
    }

    /// <summary>Local folder of the table.</summary>
    public string Root { get; }

    /// <summary>Every object written, data or not, with its rows.</summary>
    public IReadOnlyList<SourceFile> Files => _files;

    /// <summary>Rows of every file, rendered.</summary>
    public IEnumerable<string> AllRows => _files.SelectMany(f => f.Rows);

    /// <summary>
    /// The acceptance layout: several partitions, a URL-encoded value, the default partition, an empty object, _SUCCESS
    /// and .crc markers, a 0-row ORC file (first in key order, so start reads its schema from it), multi-stripe files and
    /// <paramref name="tinyFiles"/> tiny files in one partition.
    /// </summary>
    public static async Task<SourceTable> WriteAcceptanceLayoutAsync(string root, int tinyFiles = 240)
    {
        var table = new SourceTable(root);
        await table.WriteOrcAsync("dt=2024-01-01/000000_0", "2024-01-01", rows: 0);
        await table.WriteOrcAsync("dt=2024-01-01/000001_0", "2024-01-01", rows: 9_000, stripeBytes: 64 * 1024);
        await table.WriteOrcAsync("dt=2024-01-01/000002_0", "2024-01-01", rows: 4_000);
        table.WriteRaw("dt=2024-01-01/.000001_0.crc", [1, 2, 3, 4]);
        table.WriteRaw("dt=2024-01-01/_SUCCESS", []);
        await table.WriteOrcAsync("dt=2024-01-02/000000_0", "2024-01-02", rows: 3_000, compression: OrcCompression.Zstd);
        table.WriteRaw("dt=2024-01-02/empty_object", []);
        await table.WriteOrcAsync("dt=a%2Fb%20c%3Dd/000000_0", "a/b c=d", rows: 1_500);
        await table.WriteOrcAsync("dt=__HIVE_DEFAULT_PARTITION__/000000_0", null, rows: 2_000);
        for (var i = 0; i < tinyFiles; i++)
        {
            await table.WriteOrcAsync($"dt=2024-01-03/{i:D6}_0", "2024-01-03", rows: 1 + (i % 4));
        }
        table.WriteRaw("_SUCCESS", []);
        return table;
    }

    /// <summary>Writes one ORC file of <paramref name="rows"/> generated rows; returns it.</summary>
    public async Task<SourceFile> WriteOrcAsync(string relative, string? partition, int rows, long stripeBytes = OrcWriterOptions.DefaultStripeSize,
        OrcCompression compression = OrcCompression.Zlib)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var rendered = new List<string>(rows);
        var options = new OrcWriterOptions { StripeSize = stripeBytes, Compression = compression, CompressionBlockSize = 64 * 1024 };
        await using (var stream = File.Create(path))
        {
            await using var writer = new OrcWriter(stream, Schema, options);
            for (var start = 0; start < rows; start += 5_000)
            {
                var n = Math.Min(5_000, rows - start);
                await writer.WriteAsync(NextBatch(n, partition, rendered));
            }
            await writer.CloseAsync();
        }
        var file = new SourceFile(relative, path, new FileInfo(path).Length, rendered, IsData: true);
        _files.Add(file);
        return file;
    }

    /// <summary>Writes a non-ORC object (marker, checksum file, empty object).</summary>
    public SourceFile WriteRaw(string relative, byte[] content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        var file = new SourceFile(relative, path, content.Length, [], IsData: false);
        _files.Add(file);
        return file;
    }

    private RecordBatch NextBatch(int rows, string? partition, List<string> rendered)
    {
        var ids = new Int64Array.Builder();
        var qty = new Int32Array.Builder();
        var names = new StringArray.Builder();
        var amounts = new DoubleArray.Builder();
        var prices = new Decimal128Array.Builder((Decimal128Type)Schema.GetFieldByName("price").DataType);
        var flags = new BooleanArray.Builder();
        var days = new Date32Array.Builder();
        var stamps = new TimestampArray.Builder((TimestampType)Schema.GetFieldByName("ts").DataType);
        var payloads = new BinaryArray.Builder();
        var values = new object?[10];
        for (var i = 0; i < rows; i++)
        {
            var id = _nextId++;
            ids.Append(id);
            values[0] = id;

            int? q = _random.Next(20) == 0 ? null : _random.Next(4) switch { 0 => int.MinValue + _random.Next(3), 1 => int.MaxValue - _random.Next(3), _ => _random.Next(-1000, 1000) };
            if (q is { } qv) qty.Append(qv); else qty.AppendNull();
            values[1] = q;

            string? name = _random.Next(15) == 0 ? null : _random.Next(3) == 0 ? Awkward[_random.Next(Awkward.Length)] : "name-" + _random.Next(100_000).ToString(CultureInfo.InvariantCulture);
            if (name is null) names.AppendNull(); else names.Append(name);
            values[2] = name;

            double? amount = _random.Next(25) == 0 ? null : _random.Next(6) switch
            {
                0 => 0.1 * _random.Next(1, 100),
                1 => double.MaxValue / (1 + _random.Next(5)),
                2 => double.Epsilon * (1 + _random.Next(5)),
                3 => -_random.NextDouble() * 1e12,
                _ => Math.Round(_random.NextDouble() * 10_000, 4),
            };
            if (amount is { } av) amounts.Append(av); else amounts.AppendNull();
            values[3] = amount;

            decimal? price = _random.Next(30) == 0 ? null : _random.Next(5) == 0
                ? (_random.Next(2) == 0 ? 9_999_999_999.99m : -9_999_999_999.99m)
                : Math.Round((decimal)(_random.NextDouble() * 2_000_000) - 1_000_000m, 2);
            if (price is { } pv) prices.Append(pv); else prices.AppendNull();
            values[4] = price;

            bool? flag = _random.Next(10) == 0 ? null : _random.Next(3) == 0;
            if (flag is { } fv) flags.Append(fv); else flags.AppendNull();
            values[5] = flag;

            DateOnly? day = _random.Next(20) == 0 ? null : _random.Next(8) switch
            {
                0 => new DateOnly(1900, 1, 1).AddDays(_random.Next(3)),
                1 => new DateOnly(9999, 12, 31).AddDays(-_random.Next(3)),
                _ => new DateOnly(2015, 1, 1).AddDays(_random.Next(3_650)),
            };
            if (day is { } dv) days.Append(dv.ToDateTime(TimeOnly.MinValue)); else days.AppendNull();
            values[6] = day;

            DateTime? ts = _random.Next(20) == 0 ? null : new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc)
                .AddSeconds(_random.Next(315_000_000)).AddTicks(_millisecondTimestamps ? _random.Next(1_000) * 10_000L : _random.Next(1_000_000) * 10L);
            if (ts is { } tv) stamps.Append(new DateTimeOffset(tv, TimeSpan.Zero)); else stamps.AppendNull();
            values[7] = ts;

            byte[]? payload = _random.Next(10) == 0 ? null : RandomBytes(_random.Next(0, 24));
            if (payload is null) payloads.AppendNull(); else payloads.Append(payload.AsSpan());
            values[8] = payload;

            values[9] = partition;
            rendered.Add(RowText.Render(values));
        }
        return new RecordBatch(Schema,
            [ids.Build(), qty.Build(), names.Build(), amounts.Build(), prices.Build(), flags.Build(), days.Build(), stamps.Build(), payloads.Build()],
            rows);
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }
}

/// <summary>One object of a <see cref="SourceTable"/>: its path relative to the table, local path, size and rendered rows.</summary>
internal sealed record SourceFile(string Relative, string LocalPath, long Size, IReadOnlyList<string> Rows, bool IsData);
