using System.Buffers;
using Apache.Arrow;
using Sync.Orc.Reading;
using Sync.Orc.Tests.Writing;

namespace Sync.Orc.Tests.Reading;

/// <summary>The native memory pool behind the reader's Arrow buffers: reuse, bounds, padding, and batches kept intact.</summary>
public class PooledNativeAllocatorTests
{
    [Fact]
    public void Allocate_ReusesReturnedBlock_WhenSizeFallsInSameClass()
    {
        using var pool = new PooledNativeAllocator();
        var first = pool.Allocate(100_000);
        first.Memory.Span.Fill(0xAB);
        first.Dispose();
        Assert.Equal(128 * 1024, pool.RetainedBytes);

        using var second = pool.Allocate(120_000);

        // not zeroed: a fresh block would hold zeroes (or anything but the first lease's bytes)
        Assert.Equal(0xAB, second.Memory.Span[0]);
        Assert.Equal(0xAB, second.Memory.Span[99_999]);
        Assert.Equal(120_000, second.Memory.Length);
        Assert.Equal(0, pool.RetainedBytes);
    }

    [Fact]
    public void Allocate_ZeroesArrowPadding_WhenBlockIsReused()
    {
        using var pool = new PooledNativeAllocator();
        var dirty = pool.Allocate(4096); // the same 4 KiB class as the 64-byte buffer below
        dirty.Memory.Span.Fill(0xFF);
        dirty.Dispose();

        // what ArrowBuffer.Builder.Build does: allocate the length rounded up to 64, copy the values in
        var builder = new ArrowBuffer.Builder<byte>();
        builder.Append(new byte[] { 1, 2, 3 });
        using var buffer = builder.Build(pool);

        Assert.Equal(new byte[] { 1, 2, 3 }, buffer.Span[..3].ToArray());
        Assert.All(buffer.Span[3..].ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Dispose_KeepsAtMostTheRetainLimit_WhenManyBlocksComeBack()
    {
        using var pool = new PooledNativeAllocator();
        var leases = new List<IMemoryOwner<byte>>();
        for (var i = 0; i < 12; i++) leases.Add(pool.Allocate(4 * 1024 * 1024));

        foreach (var lease in leases) lease.Dispose();

        Assert.Equal(PooledNativeAllocator.MaxRetainedBytes, pool.RetainedBytes);
    }

    [Fact]
    public void Dispose_FreesWaitingBlocks_AndLaterReturnsAreNotKept()
    {
        var pool = new PooledNativeAllocator();
        var early = pool.Allocate(5000);
        var late = pool.Allocate(5000);
        early.Dispose();

        pool.Dispose();
        late.Dispose();

        Assert.Equal(0, pool.RetainedBytes);
        Assert.Throws<ObjectDisposedException>(() => late.Memory);
    }

    [Fact]
    public async Task ReadBatchesAsync_KeepsHeldBatchesIntact_WhenOtherBatchesAreDisposedAndTheirMemoryReused()
    {
        var written = new RandomBatches(17).Next(5000);
        using var output = new MemoryStream();
        await using (var writer = new OrcWriter(output, RandomBatches.Schema, new OrcWriterOptions { Compression = OrcCompression.Zstd }))
        {
            await writer.WriteAsync(written);
        }
        var file = output.ToArray();

        // every batch read and disposed at once gives the reference text; then every third batch is held while the
        // others are disposed, so later batches reuse their memory
        var expected = new List<string>();
        await using (var reader = await OrcReader.OpenAsync(new StreamRangeSource(new MemoryStream(file), "pool.orc")))
        {
            await foreach (var batch in reader.ReadBatchesAsync(new OrcReadOptions { MaxBatchRows = 300 }))
            {
                using (batch) expected.AddRange(RowText.Rows([batch]));
            }
        }
        var held = new List<RecordBatch>();
        await using (var reader = await OrcReader.OpenAsync(new StreamRangeSource(new MemoryStream(file), "pool.orc")))
        {
            var index = 0;
            await foreach (var batch in reader.ReadBatchesAsync(new OrcReadOptions { MaxBatchRows = 300 }))
            {
                if (index++ % 3 == 0) held.Add(batch);
                else batch.Dispose();
            }
            var heldRows = RowText.Rows(held);
            var expectedHeld = new List<string>();
            for (var b = 0; b * 300 < expected.Count; b += 3) expectedHeld.AddRange(expected.Skip(b * 300).Take(300));
            Assert.Equal(expectedHeld, heldRows);
        }
        foreach (var batch in held) batch.Dispose();
        Assert.Equal(RowText.Rows([written]), expected);
    }
}
