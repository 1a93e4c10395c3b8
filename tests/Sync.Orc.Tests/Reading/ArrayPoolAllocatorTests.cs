using Apache.Arrow;
using Sync.Orc.Reading;
using Sync.Orc.Tests.Writing;

namespace Sync.Orc.Tests.Reading;

/// <summary>Arrow buffers in pooled arrays: padding never shows old bytes, and held batches stay intact while others are recycled.</summary>
public class ArrayPoolAllocatorTests
{
    [Fact]
    public void Build_ZeroesArrowPadding_WhenPooledArrayHoldsOldBytes()
    {
        // a dirty array of the size class a 3-byte buffer (padded to 64) rents from; the pool hands out the last one returned
        var dirty = ArrayPoolAllocator.Arrays.Rent(64);
        dirty.AsSpan().Fill(0xFF);
        ArrayPoolAllocator.Arrays.Return(dirty);
        var builder = new ArrowBuffer.Builder<byte>();
        builder.Append(new byte[] { 1, 2, 3 });

        using var buffer = builder.Build(ArrayPoolAllocator.Instance);

        Assert.Equal(64, buffer.Length);
        Assert.Equal(new byte[] { 1, 2, 3 }, buffer.Span[..3].ToArray());
        Assert.All(buffer.Span[3..].ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Dispose_ReturnsArrayOnce_WhenBufferIsDisposedTwice()
    {
        var builder = new ArrowBuffer.Builder<byte>();
        builder.Append(new byte[100]);
        var buffer = builder.Build(ArrayPoolAllocator.Instance);

        buffer.Dispose();
        buffer.Dispose();

        // a double return would hand the same array to two renters
        var a = ArrayPoolAllocator.Arrays.Rent(128);
        var b = ArrayPoolAllocator.Arrays.Rent(128);
        Assert.NotSame(a, b);
        ArrayPoolAllocator.Arrays.Return(a);
        ArrayPoolAllocator.Arrays.Return(b);
    }

    [Fact]
    public async Task ReadBatchesAsync_KeepsHeldBatchesIntact_WhenOtherBatchesAreDisposedAndTheirArraysReused()
    {
        var written = new RandomBatches(17).Next(5000);
        using var output = new MemoryStream();
        await using (var writer = new OrcWriter(output, RandomBatches.Schema, new OrcWriterOptions { Compression = OrcCompression.Zstd }))
        {
            await writer.WriteAsync(written);
        }
        var options = new OrcReadOptions { MaxBatchRows = 300 };

        // every third batch is held while the others are disposed, so later batches reuse their arrays
        var held = new List<RecordBatch>();
        var textWhenRead = new List<string>();
        await using (var reader = await OrcReader.OpenAsync(new StreamRangeSource(new MemoryStream(output.ToArray()), "pool.orc")))
        {
            var index = 0;
            await foreach (var batch in reader.ReadBatchesAsync(options))
            {
                if (index++ % 3 != 0)
                {
                    batch.Dispose();
                    continue;
                }
                held.Add(batch);
                textWhenRead.AddRange(RowText.Rows([batch]));
            }
        }
        var textAtEnd = RowText.Rows(held);
        foreach (var batch in held) batch.Dispose();

        var all = RowText.Rows([written]);
        var expected = new List<string>();
        for (var first = 0; first < all.Count; first += 3 * 300) expected.AddRange(all.Skip(first).Take(300));
        Assert.True(held.Count > 3, $"only {held.Count} batches held");
        Assert.Equal(expected, textWhenRead);
        Assert.Equal(expected, textAtEnd);
    }
}
