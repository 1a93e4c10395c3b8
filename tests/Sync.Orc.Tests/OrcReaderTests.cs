using Apache.Arrow;
using Apache.Arrow.Types;
using Sync.Orc.Tests.Support;
using Sync.Testing;

namespace Sync.Orc.Tests;

public class OrcReaderTests
{
    [OrcCorpusFact]
    public async Task OpenAsync_ExposesFileMetadata_WhenFileHasStripesAndStatistics()
    {
        using var source = new FileRangeSource(CorpusManifest.PathOf("TestOrcFile.testStripeLevelStats.orc"));
        await using var reader = await OrcReader.OpenAsync(source);

        Assert.Equal(11000, reader.NumberOfRows);
        Assert.Equal(3, reader.Stripes.Count);
        Assert.Equal(OrcCompression.Zlib, reader.Compression);
        Assert.Equal(10000, reader.CompressionBlockSize);
        Assert.Equal("0.12", reader.FileVersion);
        Assert.Equal("US/Pacific", reader.WriterTimeZone);
        Assert.Equal("struct<int1:int,string1:string>", reader.OrcSchema);
        Assert.Equal(11000, reader.ColumnStatistics[1].NumberOfValues);
        Assert.Equal(3, reader.ReadStripeStatistics().Count);
        long rows = 0;
        foreach (var s in reader.Stripes) rows += s.NumberOfRows;
        Assert.Equal(reader.NumberOfRows, rows);
    }

    [OrcCorpusFact]
    public async Task ReadStripeDetailsAsync_ListsStreamsAndRowIndexes_WhenStripeHasIndex()
    {
        using var source = new FileRangeSource(CorpusManifest.PathOf("TestOrcFile.testSeek.orc"));
        await using var reader = await OrcReader.OpenAsync(source);
        var details = await reader.ReadStripeDetailsAsync(0);

        Assert.Contains(details.Streams, s => s.Kind == "ROW_INDEX");
        Assert.True(details.RowIndexEntries[1] >= 1);
        Assert.Equal(reader.ColumnStatistics.Count, details.Encodings.Count);
        Assert.Equal("US/Pacific", details.WriterTimeZone);
    }

    [OrcCorpusFact]
    public async Task OpenAsync_ReturnsUserMetadata_WhenValuesAreBinary()
    {
        using var source = new FileRangeSource(CorpusManifest.PathOf("TestOrcFile.metaData.orc"));
        await using var reader = await OrcReader.OpenAsync(source);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 0xff, 0xfe, 0x7f, 0x80 }, reader.UserMetadata["my.meta"].ToArray());
    }

    [OrcCorpusFact]
    public async Task ReadBatchesAsync_FetchesOnlySelectedStreams_WhenColumnsAreProjected()
    {
        var path = CorpusManifest.PathOf("TestOrcFile.columnProjection.orc");
        using var file = new FileRangeSource(path);
        await using var full = await OrcReader.OpenAsync(file);
        var details = await full.ReadStripeDetailsAsync(0);
        var unselected = details.Streams.Where(s => s.Column == 2 && s.Kind == "DATA").Single();

        var recording = new RecordingRangeSource(file);
        await using var reader = await OrcReader.OpenAsync(recording, new OrcReaderOptions { CoalesceGapBytes = 0 });
        var ints = new List<int>();
        await foreach (var batch in reader.ReadBatchesAsync(new OrcReadOptions { Columns = ["int1"] }))
        {
            Assert.Equal(["int1"], batch.Schema.FieldsList.Select(f => f.Name));
            ints.AddRange(((Int32Array)batch.Column(0)).Values.ToArray());
        }

        Assert.Equal(21000, ints.Count);
        Assert.DoesNotContain(recording.Reads, r => r.Offset < unselected.Offset + unselected.Length && unselected.Offset < r.Offset + r.Length);
    }

    [OrcCorpusFact]
    public async Task ArrowSchema_MapsOrcTypes_AsDocumented()
    {
        using var source = new FileRangeSource(CorpusManifest.PathOf("TestOrcFile.testUnionAndTimestamp.orc"));
        await using var reader = await OrcReader.OpenAsync(source);
        var schema = reader.ArrowSchema;

        var time = Assert.IsType<TimestampType>(schema.GetFieldByName("time").DataType);
        Assert.Equal(TimeUnit.Nanosecond, time.Unit);
        Assert.Null(time.Timezone);
        var union = Assert.IsType<UnionType>(schema.GetFieldByName("union").DataType);
        Assert.Equal(UnionMode.Dense, union.Mode);
        Assert.IsType<NullType>(union.Fields[^1].DataType);
        var dec = Assert.IsType<Decimal128Type>(schema.GetFieldByName("decimal").DataType);
        Assert.Equal((38, 18), (dec.Precision, dec.Scale));
    }

    [OrcCorpusFact]
    public async Task ArrowSchema_KeepsExactType_WhenColumnIsVarchar()
    {
        using var source = new FileRangeSource(CorpusManifest.PathOf("orc_index_int_string.orc"));
        await using var reader = await OrcReader.OpenAsync(source);
        var field = reader.ArrowSchema.GetFieldByName("_col1");
        Assert.IsType<StringType>(field.DataType);
        Assert.Equal("varchar(4)", field.Metadata["orc.type"]);
    }

    [OrcCorpusFact]
    public async Task ReadBatchesAsync_Throws_WhenColumnIsUnknown()
    {
        using var source = new FileRangeSource(CorpusManifest.PathOf("TestOrcFile.test1.orc"));
        await using var reader = await OrcReader.OpenAsync(source);
        var ex = await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (var unused in reader.ReadBatchesAsync(new OrcReadOptions { Columns = ["nope"] }))
            {
            }
        });
        Assert.Contains("nope", ex.Message, StringComparison.Ordinal);
    }

    [OrcCorpusFact]
    public async Task ReadBatchesAsync_NeverExceedsMaxBatchRows_WhenStripeIsLarger()
    {
        using var source = new FileRangeSource(CorpusManifest.PathOf("TestOrcFile.testPredicatePushdown.orc"));
        await using var reader = await OrcReader.OpenAsync(source);
        var sizes = new List<int>();
        await foreach (var batch in reader.ReadBatchesAsync(new OrcReadOptions { MaxBatchRows = 1000 })) sizes.Add(batch.Length);
        Assert.Equal([1000, 1000, 1000, 500], sizes);
    }
}
