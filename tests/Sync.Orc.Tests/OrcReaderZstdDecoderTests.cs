using Apache.Arrow;
using Sync.Orc.Tests.Support;
using Sync.Orc.Tests.Writing;
using Sync.Testing;

namespace Sync.Orc.Tests;

/// <summary>ZSTD files read the same through native libzstd and the managed fallback, and fail the same way when damaged.</summary>
public class OrcReaderZstdDecoderTests
{
    private static readonly OrcReaderOptions Native = new() { NativeZstd = true };
    private static readonly OrcReaderOptions Managed = new() { NativeZstd = false };

    [OrcCorpusFact]
    public async Task ReadBatchesAsync_DumpsSameRows_WhenCorpusZstdFileIsReadNativeOrManaged()
    {
        var path = CorpusManifest.PathOf("TestVectorOrcFile.testZstd.0.12.orc");
        var expected = CorpusManifest.ReadExpected("expected-generated/TestVectorOrcFile.testZstd.0.12.jsn.gz");

        // a FileRangeSource reads windowed from the file; the single-threaded run takes the other decode order
        foreach (var options in new[] { Native, Managed, Native with { Parallelism = 1 }, Managed with { Parallelism = 1 } })
        {
            using var source = new FileRangeSource(path);
            Assert.Equal(expected, await OrcDumper.DumpAsync(source, options));
        }
    }

    [Fact]
    public async Task ReadBatchesAsync_DumpsSameRows_WhenWrittenZstdFileIsReadNativeOrManaged()
    {
        var file = await WriteZstdAsync(new RandomBatches(31).Next(6000));

        var native = await OrcDumper.DumpAsync(file, "native.orc", Native);
        var managed = await OrcDumper.DumpAsync(file, "managed.orc", Managed);

        Assert.True(native.Length > 100_000, $"dump of {native.Length} bytes is too small to span many chunks");
        Assert.Equal(managed, native);
    }

    [Fact]
    public async Task ZstdDecoder_SaysWhichDecoderReads_WhenFileIsZstd()
    {
        var file = await WriteZstdAsync(new RandomBatches(3).Next(10));

        await using var managed = await OrcReader.OpenAsync(new StreamRangeSource(new MemoryStream(file), "z.orc"), Managed);
        Assert.Equal("managed (ZstdSharp.Port)", managed.ZstdDecoder);
        await using var native = await OrcReader.OpenAsync(new StreamRangeSource(new MemoryStream(file), "z.orc"), Native);
        Assert.Equal(Sync.Orc.Compression.NativeZstd.DecoderName(allowNative: true), native.ZstdDecoder);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(true, 4)]
    [InlineData(false, 1)]
    [InlineData(false, 4)]
    public async Task ReadBatchesAsync_ThrowsOrcFormatExceptionNamingTheStream_WhenZstdChunkIsCorrupt(bool native, int parallelism)
    {
        var file = await WriteZstdAsync(new RandomBatches(11).Next(6000));
        var (column, offset) = await SecondChunkOfStringDataAsync(file);
        file[offset + 3] ^= 0xFF; // the zstd frame's magic number, past the 3-byte ORC chunk header
        var options = new OrcReaderOptions { NativeZstd = native, Parallelism = parallelism };

        var ex = await Assert.ThrowsAsync<OrcFormatException>(() => OrcDumper.DumpAsync(file, "corrupt.orc", options));

        Assert.Equal("corrupt.orc", ex.File);
        Assert.Equal(0, ex.Stripe);
        Assert.Equal(column, ex.Column);
        Assert.Equal("DATA", ex.Stream);
        Assert.Contains("corrupt compressed chunk", ex.Message, StringComparison.Ordinal);
    }

    private static async Task<byte[]> WriteZstdAsync(RecordBatch batch)
    {
        using var output = new MemoryStream();
        await using (var writer = new OrcWriter(output, RandomBatches.Schema, new OrcWriterOptions { Compression = OrcCompression.Zstd, CompressionBlockSize = 4096 }))
        {
            await writer.WriteAsync(batch);
        }
        return output.ToArray();
    }

    /// <summary>The column id of the string column "s" and the file offset of the second chunk of its DATA stream.</summary>
    private static async Task<(int Column, int Offset)> SecondChunkOfStringDataAsync(byte[] file)
    {
        await using var reader = await OrcReader.OpenAsync(new StreamRangeSource(new MemoryStream(file), "probe.orc"));
        var column = 1 + RandomBatches.Schema.GetFieldIndex("s");
        var details = await reader.ReadStripeDetailsAsync(0);
        var data = details.Streams.Single(s => s.Column == column && s.Kind == "DATA");
        var first = (file[data.Offset] | (file[data.Offset + 1] << 8) | (file[data.Offset + 2] << 16)) >> 1;
        Assert.True(3 + first < data.Length, "the DATA stream has a single chunk");
        var second = (int)data.Offset + 3 + first;
        Assert.Equal(0, file[second] & 1); // compressed, not stored
        return (column, second);
    }
}
