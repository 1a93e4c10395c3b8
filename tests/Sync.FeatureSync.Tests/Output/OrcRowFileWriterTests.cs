using Apache.Arrow;
using Apache.Arrow.Types;
using Sync.FeatureSync.Output;
using Sync.Orc;

namespace Sync.FeatureSync.Tests.Output;

public sealed class OrcRowFileWriterTests
{
    private static readonly TimestampType WallClock = new(TimeUnit.Nanosecond, (string?)null);

    [Fact]
    public async Task WriteAsync_RoundTripsEverySourceType_WhenReadBackWithTheOrcReader()
    {
        var schema = new Schema(
        [
            new Field("flag", BooleanType.Default, true), new Field("tiny", Int8Type.Default, true), new Field("small", Int16Type.Default, true),
            new Field("num", Int32Type.Default, true), new Field("id", Int64Type.Default, true), new Field("f", FloatType.Default, true),
            new Field("score", DoubleType.Default, true), new Field("price", new Decimal128Type(12, 3), true),
            new Field("label", StringType.Default, true), new Field("blob", BinaryType.Default, true),
            new Field("day", Date32Type.Default, true), new Field("ts", WallClock, true),
        ], null);
        var ts = new DateTime(2026, 11, 23, 23, 59, 59, 123).AddTicks(4560);
        var first = new RecordBatch(schema,
        [
            new BooleanArray.Builder().Append(true).AppendNull().Build(),
            new Int8Array.Builder().Append(-8).AppendNull().Build(),
            new Int16Array.Builder().Append(-1600).AppendNull().Build(),
            new Int32Array.Builder().Append(int.MinValue).AppendNull().Build(),
            new Int64Array.Builder().Append(long.MaxValue).AppendNull().Build(),
            new FloatArray.Builder().Append(1.5f).AppendNull().Build(),
            new DoubleArray.Builder().Append(0.1).AppendNull().Build(),
            new Decimal128Array.Builder(new Decimal128Type(12, 3)).Append(-123456789.012m).AppendNull().Build(),
            new StringArray.Builder().Append("ünïcodé, \"quoted\"\n").AppendNull().Build(),
            new BinaryArray.Builder().Append(new byte[] { 0, 1, 255 }.AsSpan()).AppendNull().Build(),
            new Date32Array.Builder().Append(new DateOnly(1969, 12, 31)).AppendNull().Build(),
            new TimestampArray.Builder(WallClock).Append(new DateTimeOffset(ts, TimeSpan.Zero)).AppendNull().Build(),
        ], 2);
        var second = new RecordBatch(schema, schema.FieldsList.Select(f => Empty(f.DataType)), 1);
        string path = Path.Combine(Path.GetTempPath(), "sync-tests", $"orc-writer-{Guid.NewGuid():N}.orc");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        await using (var output = File.Create(path))
        {
            await using var writer = new OrcRowFileWriter(output, schema);
            await writer.WriteAsync(first, CancellationToken.None);
            await writer.WriteAsync(second, CancellationToken.None);
            await writer.CompleteAsync(CancellationToken.None);
        }

        await using var reader = await OrcReader.OpenFileAsync(path);
        Assert.Equal(3, reader.NumberOfRows);
        Assert.Equal(OrcRowFileWriter.Compression, reader.Compression);
        Assert.Equal(schema.FieldsList.Select(f => (f.Name, f.DataType.TypeId)), reader.ArrowSchema.FieldsList.Select(f => (f.Name, f.DataType.TypeId)));
        var batches = new List<RecordBatch>();
        await foreach (var b in reader.ReadBatchesAsync()) batches.Add(b);
        var read = Assert.Single(batches);
        Assert.Equal(true, ((BooleanArray)read.Column(0)).GetValue(0));
        Assert.Equal((sbyte)-8, ((Int8Array)read.Column(1)).GetValue(0));
        Assert.Equal((short)-1600, ((Int16Array)read.Column(2)).GetValue(0));
        Assert.Equal(int.MinValue, ((Int32Array)read.Column(3)).GetValue(0));
        Assert.Equal(long.MaxValue, ((Int64Array)read.Column(4)).GetValue(0));
        Assert.Equal(1.5f, ((FloatArray)read.Column(5)).GetValue(0));
        Assert.Equal(0.1, ((DoubleArray)read.Column(6)).GetValue(0));
        Assert.Equal(-123456789.012m, ((Decimal128Array)read.Column(7)).GetValue(0));
        Assert.Equal("ünïcodé, \"quoted\"\n", ((StringArray)read.Column(8)).GetString(0));
        Assert.Equal(new byte[] { 0, 1, 255 }, ((BinaryArray)read.Column(9)).GetBytes(0).ToArray());
        Assert.Equal(new DateOnly(1969, 12, 31), ((Date32Array)read.Column(10)).GetDateOnly(0));
        Assert.Equal(ts, ((TimestampArray)read.Column(11)).GetTimestamp(0)!.Value.UtcDateTime);
        Assert.Equal("", ((StringArray)read.Column(8)).GetString(2));
        for (int c = 0; c < read.ColumnCount; c++)
        {
            Assert.True(read.Column(c).IsNull(1), $"column {schema.FieldsList[c].Name} row 1 should be null");
            Assert.False(read.Column(c).IsNull(2), $"column {schema.FieldsList[c].Name} row 2 should not be null");
        }
    }

    [Fact]
    public async Task CompleteAsync_WritesAReadableEmptyFile_WhenNoRowsArrived()
    {
        var schema = new Schema([new Field("id", Int64Type.Default, true)], null);
        using var output = new MemoryStream();

        await using (var writer = new OrcRowFileWriter(output, schema))
        {
            await writer.CompleteAsync(CancellationToken.None);
        }

        output.Position = 0;
        await using var reader = await OrcReader.OpenAsync(new StreamRangeSource(output, "empty.orc"));
        Assert.Equal(0, reader.NumberOfRows);
        Assert.Equal("id", Assert.Single(reader.ArrowSchema.FieldsList).Name);
    }

    /// <summary>A one-row array holding the type's zero or empty value (not null).</summary>
    private static IArrowArray Empty(IArrowType type) => type switch
    {
        BooleanType => new BooleanArray.Builder().Append(false).Build(),
        Int8Type => new Int8Array.Builder().Append(0).Build(),
        Int16Type => new Int16Array.Builder().Append(0).Build(),
        Int32Type => new Int32Array.Builder().Append(0).Build(),
        Int64Type => new Int64Array.Builder().Append(0).Build(),
        FloatType => new FloatArray.Builder().Append(0).Build(),
        DoubleType => new DoubleArray.Builder().Append(0).Build(),
        Decimal128Type d => new Decimal128Array.Builder(d).Append(0m).Build(),
        StringType => new StringArray.Builder().Append("").Build(),
        BinaryType => new BinaryArray.Builder().Append(ReadOnlySpan<byte>.Empty).Build(),
        Date32Type => new Date32Array.Builder().Append(new DateOnly(1970, 1, 1)).Build(),
        TimestampType t => new TimestampArray.Builder(t).Append(DateTimeOffset.UnixEpoch).Build(),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type.Name, "no empty value for this type"),
    };
}
