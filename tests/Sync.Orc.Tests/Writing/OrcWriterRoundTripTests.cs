using Apache.Arrow;

namespace Sync.Orc.Tests.Writing;

using Schema = Apache.Arrow.Schema;

/// <summary>Random batches of every type written and read back by the reader, for every codec, over several stripes.</summary>
public sealed class OrcWriterRoundTripTests
{
    public static TheoryData<OrcCompression> Codecs => new()
    {
        OrcCompression.None, OrcCompression.Zlib, OrcCompression.Snappy, OrcCompression.Lz4, OrcCompression.Zstd,
    };

    private static async Task<List<RecordBatch>> ReadAllAsync(byte[] file, string name)
    {
        await using var reader = await OrcReader.OpenAsync(new StreamRangeSource(new MemoryStream(file), name));
        var batches = new List<RecordBatch>();
        await foreach (var batch in reader.ReadBatchesAsync(new OrcReadOptions { MaxBatchRows = 777 })) batches.Add(batch);
        return batches;
    }

    private static async Task<byte[]> WriteAsync(Schema schema, IEnumerable<RecordBatch> batches, OrcWriterOptions options)
    {
        using var output = new MemoryStream();
        await using (var writer = new OrcWriter(output, schema, options))
        {
            foreach (var batch in batches) await writer.WriteAsync(batch);
        }
        return output.ToArray();
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task WriteAsync_RoundTripsEveryType_WhenSeveralStripesAndSmallBlocks(OrcCompression compression)
    {
        var random = new RandomBatches(20261123);
        var batches = new List<RecordBatch> { random.Next(2500), random.Next(1), random.Next(4000) };
        var options = new OrcWriterOptions
        {
            Compression = compression,
            StripeSize = 96 * 1024,
            CompressionBlockSize = 1500,
            RowIndexStride = 1000,
            UserMetadata = new Dictionary<string, byte[]> { ["origin"] = "round trip"u8.ToArray() },
        };

        var file = await WriteAsync(RandomBatches.Schema, batches, options);
        await using var reader = await OrcReader.OpenAsync(new StreamRangeSource(new MemoryStream(file), "round-trip.orc"));
        var read = await ReadAllAsync(file, "round-trip.orc");

        Assert.True(reader.Stripes.Count > 1, $"expected several stripes, got {reader.Stripes.Count}");
        Assert.Equal(compression, reader.Compression);
        Assert.Equal(6501, reader.NumberOfRows);
        Assert.Equal("round trip"u8.ToArray(), reader.UserMetadata["origin"].ToArray());
        Assert.Equal(RowText.Rows(batches), RowText.Rows(read));
    }

    [Fact]
    public async Task WriteAsync_RoundTripsSlices_WhenBatchesAreOffset()
    {
        var random = new RandomBatches(7);
        var whole = random.Next(3000);
        var slices = new List<RecordBatch> { whole.Slice(0, 1234), whole.Slice(1234, 1), whole.Slice(1235, 1765) };

        var file = await WriteAsync(RandomBatches.Schema, slices, new OrcWriterOptions { Compression = OrcCompression.Zstd, RowIndexStride = 500 });

        Assert.Equal(RowText.Rows([whole]), RowText.Rows(await ReadAllAsync(file, "slices.orc")));
    }

    [Fact]
    public async Task WriteAsync_RoundTripsWithoutRowIndex_WhenStrideIsZero()
    {
        var random = new RandomBatches(99);
        var batches = new List<RecordBatch> { random.Next(3000) };

        var file = await WriteAsync(RandomBatches.Schema, batches, new OrcWriterOptions { RowIndexStride = 0, StripeSize = 64 * 1024 });
        await using var reader = await OrcReader.OpenAsync(new StreamRangeSource(new MemoryStream(file), "no-index.orc"));

        Assert.Equal(0, reader.RowIndexStride);
        Assert.Equal(RowText.Rows(batches), RowText.Rows(await ReadAllAsync(file, "no-index.orc")));
    }
}
