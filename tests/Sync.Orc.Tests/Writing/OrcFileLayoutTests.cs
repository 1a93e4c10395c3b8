using Apache.Arrow;
using Apache.Arrow.Types;
using Sync.Orc.Proto;

namespace Sync.Orc.Tests.Writing;

using Schema = Apache.Arrow.Schema;

/// <summary>The file the writer produces, parsed message by message as the specification lays it out (uncompressed files).</summary>
public sealed class OrcFileLayoutTests
{
    private static readonly Schema Schema = new(
    [
        new Field("id", Int64Type.Default, false),
        new Field("name", StringType.Default, true),
        new Field("amount", DoubleType.Default, true),
    ], null);

    private static RecordBatch Batch(int start, int count)
    {
        var ids = new Int64Array.Builder();
        var names = new StringArray.Builder();
        var amounts = new DoubleArray.Builder();
        for (var i = start; i < start + count; i++)
        {
            ids.Append(i);
            if (i % 7 == 0) names.AppendNull();
            else names.Append("n" + (i % 10));
            amounts.Append(i * 0.5);
        }
        return new RecordBatch(Schema, [ids.Build(), names.Build(), amounts.Build()], count);
    }

    private static async Task<byte[]> WriteAsync(OrcWriterOptions options, int rows)
    {
        using var output = new MemoryStream();
        await using (var writer = new OrcWriter(output, Schema, options))
        {
            for (var start = 0; start < rows; start += 1000) await writer.WriteAsync(Batch(start, Math.Min(1000, rows - start)));
        }
        return output.ToArray();
    }

    [Fact]
    public async Task CloseAsync_WritesParsableTail_WhenUncompressed()
    {
        var file = await WriteAsync(new OrcWriterOptions { Compression = OrcCompression.None, StripeSize = 4096, RowIndexStride = 500 }, 5000);

        Assert.Equal("ORC"u8.ToArray(), file[..3]);
        var psLength = file[^1];
        var postscript = PostScript.Parser.ParseFrom(file, file.Length - 1 - psLength, psLength);
        Assert.Equal("ORC", postscript.Magic);
        Assert.Equal(new uint[] { 0, 12 }, postscript.Version);
        Assert.Equal(CompressionKind.None, postscript.Compression);
        Assert.Equal(9u, postscript.WriterVersion);

        var footerStart = file.Length - 1 - psLength - (int)postscript.FooterLength;
        var footer = Footer.Parser.ParseFrom(file, footerStart, (int)postscript.FooterLength);
        var metadataStart = footerStart - (int)postscript.MetadataLength;
        var metadata = Metadata.Parser.ParseFrom(file, metadataStart, (int)postscript.MetadataLength);

        Assert.Equal(5000ul, footer.NumberOfRows);
        Assert.Equal("Sync", footer.SoftwareVersion);
        Assert.Equal(500u, footer.RowIndexStride);
        Assert.Equal(3ul, footer.HeaderLength);
        Assert.Equal((ulong)metadataStart, footer.ContentLength);
        Assert.Equal(4, footer.Types_.Count);
        Assert.Equal(Proto.Type.Types.Kind.Struct, footer.Types_[0].Kind);
        Assert.Equal(new[] { "id", "name", "amount" }, footer.Types_[0].FieldNames);
        Assert.True(footer.Stripes.Count > 1, "a 4 KiB stripe size gives several stripes");
        Assert.Equal(footer.Stripes.Count, metadata.StripeStats.Count);
        Assert.Equal(5000ul, (ulong)footer.Stripes.Sum(s => (long)s.NumberOfRows));

        var expectedOffset = 3ul;
        foreach (var stripe in footer.Stripes)
        {
            Assert.Equal(expectedOffset, stripe.Offset);
            expectedOffset += stripe.IndexLength + stripe.DataLength + stripe.FooterLength;
            var stripeFooter = StripeFooter.Parser.ParseFrom(file, (int)(stripe.Offset + stripe.IndexLength + stripe.DataLength), (int)stripe.FooterLength);
            Assert.Equal("UTC", stripeFooter.WriterTimezone);
            Assert.Equal(4, stripeFooter.Columns.Count);
            var index = stripeFooter.Streams.Where(s => s.Kind == Proto.Stream.Types.Kind.RowIndex).Sum(s => (long)s.Length);
            var data = stripeFooter.Streams.Where(s => s.Kind != Proto.Stream.Types.Kind.RowIndex).Sum(s => (long)s.Length);
            Assert.Equal(stripe.IndexLength, (ulong)index);
            Assert.Equal(stripe.DataLength, (ulong)data);
            // "name" has nulls in every stripe, "id" never does
            Assert.Contains(stripeFooter.Streams, s => s.Kind == Proto.Stream.Types.Kind.Present && s.Column == 2);
            Assert.DoesNotContain(stripeFooter.Streams, s => s.Kind == Proto.Stream.Types.Kind.Present && s.Column == 1);
            Assert.Equal(ColumnEncoding.Types.Kind.DictionaryV2, stripeFooter.Columns[2].Kind);

            var offset = (int)stripe.Offset;
            foreach (var stream in stripeFooter.Streams)
            {
                if (stream.Kind == Proto.Stream.Types.Kind.RowIndex)
                {
                    var rowIndex = RowIndex.Parser.ParseFrom(file, offset, (int)stream.Length);
                    Assert.Equal((int)Math.Ceiling(stripe.NumberOfRows / 500.0), rowIndex.Entry.Count);
                    Assert.All(rowIndex.Entry, e => Assert.NotNull(e.Statistics));
                }
                offset += (int)stream.Length;
            }
        }
        Assert.Equal(footer.ContentLength, expectedOffset);

        var ids = footer.Statistics[1];
        Assert.Equal(5000ul, ids.NumberOfValues);
        Assert.Equal(0, ids.IntStatistics.Minimum);
        Assert.Equal(4999, ids.IntStatistics.Maximum);
        Assert.Equal(4999L * 5000 / 2, ids.IntStatistics.Sum);
        var names = footer.Statistics[2];
        Assert.True(names.HasNull);
        Assert.Equal(5000ul - 715, names.NumberOfValues);
        Assert.Equal("n0", names.StringStatistics.Minimum);
        Assert.Equal("n9", names.StringStatistics.Maximum);
        Assert.Equal(5000ul, footer.Statistics[0].NumberOfValues);
    }

    [Fact]
    public async Task FlushStripe_FallsBackToDirect_WhenMostStringsAreDistinct()
    {
        var schema = new Schema([new Field("s", StringType.Default, true), new Field("few", StringType.Default, true)], null);
        var unique = new StringArray.Builder();
        var few = new StringArray.Builder();
        for (var i = 0; i < 30_000; i++)
        {
            unique.Append("value " + i);
            few.Append("v" + (i % 3));
        }
        using var output = new MemoryStream();
        await using (var writer = new OrcWriter(output, schema, new OrcWriterOptions { Compression = OrcCompression.None }))
        {
            await writer.WriteAsync(new RecordBatch(schema, [unique.Build(), few.Build()], 30_000));
        }
        var file = output.ToArray();
        var psLength = file[^1];
        var postscript = PostScript.Parser.ParseFrom(file, file.Length - 1 - psLength, psLength);
        var footer = Footer.Parser.ParseFrom(file, file.Length - 1 - psLength - (int)postscript.FooterLength, (int)postscript.FooterLength);
        var stripe = Assert.Single(footer.Stripes);
        var stripeFooter = StripeFooter.Parser.ParseFrom(file, (int)(stripe.Offset + stripe.IndexLength + stripe.DataLength), (int)stripe.FooterLength);

        Assert.Equal(ColumnEncoding.Types.Kind.DirectV2, stripeFooter.Columns[1].Kind);
        Assert.Equal(ColumnEncoding.Types.Kind.DictionaryV2, stripeFooter.Columns[2].Kind);
        Assert.Equal(3u, stripeFooter.Columns[2].DictionarySize);
        Assert.DoesNotContain(stripeFooter.Streams, s => s.Column == 1 && s.Kind == Proto.Stream.Types.Kind.DictionaryData);

        // three row groups; the direct column's entries hold DATA and LENGTH positions, the dictionary one's only DATA
        var offset = (int)stripe.Offset;
        foreach (var stream in stripeFooter.Streams.Where(s => s.Kind == Proto.Stream.Types.Kind.RowIndex))
        {
            var rowIndex = RowIndex.Parser.ParseFrom(file, offset, (int)stream.Length);
            offset += (int)stream.Length;
            Assert.Equal(3, rowIndex.Entry.Count);
            var expected = stream.Column switch { 0 => 0, 1 => 3, _ => 2 };
            Assert.All(rowIndex.Entry, e => Assert.Equal(expected, e.Positions.Count));
            if (stream.Column == 1) Assert.True(rowIndex.Entry[2].Positions[0] > 0, "the third group starts past the first bytes of DATA");
        }
    }

    [Fact]
    public async Task CloseAsync_WritesHeaderAndTail_WhenNoRows()
    {
        var file = await WriteAsync(new OrcWriterOptions { Compression = OrcCompression.None }, 0);
        var psLength = file[^1];
        var postscript = PostScript.Parser.ParseFrom(file, file.Length - 1 - psLength, psLength);
        var footer = Footer.Parser.ParseFrom(file, file.Length - 1 - psLength - (int)postscript.FooterLength, (int)postscript.FooterLength);
        Assert.Equal(0ul, footer.NumberOfRows);
        Assert.Empty(footer.Stripes);
        Assert.Equal(3ul, footer.ContentLength);
    }

    [Fact]
    public void Constructor_Throws_WhenOptionOutOfRange()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new OrcWriter(new MemoryStream(), Schema, new OrcWriterOptions { CompressionBlockSize = 0 }));
        Assert.Equal("CompressionBlockSize", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new OrcWriter(new MemoryStream(), Schema, new OrcWriterOptions { Compression = OrcCompression.Lzo }));
    }
}
