using Apache.Arrow;
using Apache.Arrow.Types;
using Sync.Orc.Proto;

namespace Sync.Orc.Tests.Writing;

using Schema = Apache.Arrow.Schema;

/// <summary>
/// File and stripe statistics the writer records, checked against bounds computed from the rows written: several
/// small stripes, so each stripe's bounds and their merge into the file's are both exercised.
/// </summary>
public sealed class WriterStatisticsTests
{
    private const long NanosPerDay = 86_400L * 1_000_000_000;
    private const int Rows = 6000;

    private static readonly Schema Schema = new(
    [
        new Field("d", DoubleType.Default, true),
        new Field("day", Date32Type.Default, true),
        new Field("ts", new TimestampType(TimeUnit.Nanosecond, (string?)null), true),
        new Field("dec", new Decimal128Type(20, 3), true),
        new Field("list", new ListType(new Field("item", Int32Type.Default, true)), true),
    ], null);

    // Values that move the bounds in every stripe, with NaN (never a bound), pre-1970 dates and timestamps with nanoseconds.
    private static double DoubleAt(int i) => i % 11 == 0 ? double.NaN : (i - 3000) * 0.25;
    private static int DayAt(int i) => -20_000 + (i * 37 % 40_000);
    private static long NanosAt(int i) => (i - 4000) * (NanosPerDay / 3) + i * 7;
    private static decimal DecimalAt(int i) => (i - 2500) * 1.125m;
    private static int ChildrenAt(int i) => i % 5;

    private static RecordBatch Batch(int start, int count)
    {
        var d = new DoubleArray.Builder();
        var day = new Date32Array.Builder();
        var nanos = new long[count];
        var dec = new Decimal128Array.Builder(new Decimal128Type(20, 3));
        var list = new ListArray.Builder(Int32Type.Default);
        var items = (Int32Array.Builder)list.ValueBuilder;
        for (var i = start; i < start + count; i++)
        {
            d.Append(DoubleAt(i));
            day.Append(DateTime.UnixEpoch.AddDays(DayAt(i)));
            nanos[i - start] = NanosAt(i);
            dec.Append(DecimalAt(i));
            list.Append();
            for (var c = 0; c < ChildrenAt(i); c++) items.Append(c);
        }
        var tsType = (TimestampType)Schema.FieldsList[2].DataType;
        var ts = new TimestampArray(new ArrayData(tsType, count, 0, 0,
            [ArrowBuffer.Empty, new ArrowBuffer(System.Runtime.InteropServices.MemoryMarshal.AsBytes(nanos.AsSpan()).ToArray())]));
        return new RecordBatch(Schema, [d.Build(), day.Build(), ts, dec.Build(), list.Build()], count);
    }

    private static (long Millis, int NanosPlusOne) Split(long epochNanos)
    {
        var millis = Math.DivRem(epochNanos, 1_000_000, out var rest);
        if (rest < 0)
        {
            millis--;
            rest += 1_000_000;
        }
        return (millis, (int)rest + 1);
    }

    private static void AssertBounds(IReadOnlyList<ColumnStatistics> stats, int from, int to)
    {
        var rows = Enumerable.Range(from, to - from).ToList();
        var doubles = rows.Select(DoubleAt).Where(v => !double.IsNaN(v)).ToList();
        Assert.Equal(doubles.Min(), stats[1].DoubleStatistics.Minimum);
        Assert.Equal(doubles.Max(), stats[1].DoubleStatistics.Maximum);
        Assert.Equal(rows.Min(DayAt), stats[2].DateStatistics.Minimum);
        Assert.Equal(rows.Max(DayAt), stats[2].DateStatistics.Maximum);
        var (minMillis, minNanos) = Split(rows.Min(NanosAt));
        var (maxMillis, maxNanos) = Split(rows.Max(NanosAt));
        Assert.Equal((minMillis, minNanos), (stats[3].TimestampStatistics.MinimumUtc, stats[3].TimestampStatistics.MinimumNanos));
        Assert.Equal((maxMillis, maxNanos), (stats[3].TimestampStatistics.MaximumUtc, stats[3].TimestampStatistics.MaximumNanos));
        Assert.Equal(rows.Min(DecimalAt), decimal.Parse(stats[4].DecimalStatistics.Minimum, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(rows.Max(DecimalAt), decimal.Parse(stats[4].DecimalStatistics.Maximum, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(rows.Sum(DecimalAt), decimal.Parse(stats[4].DecimalStatistics.Sum, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((ulong)rows.Min(ChildrenAt), stats[5].CollectionStatistics.MinChildren);
        Assert.Equal((ulong)rows.Max(ChildrenAt), stats[5].CollectionStatistics.MaxChildren);
        Assert.Equal((ulong)rows.Sum(ChildrenAt), stats[5].CollectionStatistics.TotalChildren);
    }

    [Fact]
    public async Task CloseAsync_RecordsStripeAndFileBounds_ThatMatchTheRows()
    {
        using var output = new MemoryStream();
        await using (var writer = new OrcWriter(output, Schema, new OrcWriterOptions { Compression = OrcCompression.None, StripeSize = 16 * 1024 }))
        {
            for (var start = 0; start < Rows; start += 500) await writer.WriteAsync(Batch(start, 500));
        }
        var file = output.ToArray();
        var psLength = file[^1];
        var postscript = PostScript.Parser.ParseFrom(file, file.Length - 1 - psLength, psLength);
        var footerStart = file.Length - 1 - psLength - (int)postscript.FooterLength;
        var footer = Footer.Parser.ParseFrom(file, footerStart, (int)postscript.FooterLength);
        var metadata = Metadata.Parser.ParseFrom(file, footerStart - (int)postscript.MetadataLength, (int)postscript.MetadataLength);

        Assert.True(footer.Stripes.Count > 2, $"expected several stripes, got {footer.Stripes.Count}");
        AssertBounds(footer.Statistics, 0, Rows);
        var first = 0;
        for (var s = 0; s < footer.Stripes.Count; s++)
        {
            var rows = (int)footer.Stripes[s].NumberOfRows;
            AssertBounds(metadata.StripeStats[s].ColStats, first, first + rows);
            first += rows;
        }
        Assert.Equal(Rows, first);
    }
}
