using System.Buffers;
using Sync.Warehouse.Loading;

namespace Sync.Warehouse.Tests.Loading;

/// <summary>The producer/consumer pipe under LOAD DATA, with a stand-in consumer in place of MySqlBulkLoader.</summary>
public class LoadDataPipeFacts
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(30);

    /// <summary>A consumer that copies the stream in odd-sized reads, as a socket writer would.</summary>
    private static Func<Stream, CancellationToken, Task<int>> CopyInto(MemoryStream target, int readSize = 7_777) => async (stream, ct) =>
    {
        var buffer = new byte[readSize];
        int n;
        while ((n = await stream.ReadAsync(buffer, ct)) > 0) target.Write(buffer, 0, n);
        return (int)target.Length;
    };

    [Fact]
    public async Task CompleteAsync_DeliversExactBytes_WhenWritesAndFlushesCrossSegmentsAndCapacity()
    {
        var random = new Random(42);
        var expected = new MemoryStream();
        var received = new MemoryStream();
        var pipe = new LoadDataPipe(CopyInto(received), capacity: 64 * 1024, CancellationToken.None);
        for (var i = 0; i < 400; i++)
        {
            // Sizes from one byte to several times the capacity, so writes span segments and flushes wait for the reader.
            var size = random.Next(4) == 0 ? random.Next(100_000, 300_000) : random.Next(1, 5_000);
            var chunk = new byte[size];
            random.NextBytes(chunk);
            pipe.Writer.Write(chunk);
            expected.Write(chunk);
            if (random.Next(3) == 0) await pipe.FlushAsync(CancellationToken.None).AsTask().WaitAsync(NoHang);
        }

        var consumed = await pipe.CompleteAsync().WaitAsync(NoHang);

        Assert.Equal(expected.Length, consumed);
        Assert.True(expected.ToArray().AsSpan().SequenceEqual(received.ToArray()), "bytes differ");
    }

    [Fact]
    public async Task FlushAsync_ThrowsConsumersError_WhenConsumerFailsMidStream()
    {
        var serverGone = new InvalidOperationException("server closed the connection");
        var pipe = new LoadDataPipe(async (stream, ct) =>
        {
            var buffer = new byte[1000];
            var total = 0;
            while (total < 100_000) total += await stream.ReadAsync(buffer, ct);
            throw serverGone;
        }, capacity: 16 * 1024, CancellationToken.None);

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            // The producer keeps going; once the reader is gone the next flush must fail, not wait forever.
            for (var i = 0; i < 10_000; i++)
            {
                pipe.Writer.Write(new byte[1024]);
                await pipe.FlushAsync(CancellationToken.None).AsTask().WaitAsync(NoHang);
            }
        });

        Assert.Same(serverGone, thrown);
    }

    [Fact]
    public async Task FlushAsync_ThrowsConsumersError_WhenConsumerFailsBeforeReading()
    {
        // The server refusing the statement (unknown table) fails the bulk loader before it reads a byte.
        var refused = new InvalidOperationException("Table 'x' doesn't exist");
        var pipe = new LoadDataPipe((_, _) => Task.FromException<int>(refused), capacity: 4 * 1024, CancellationToken.None);

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                pipe.Writer.Write(new byte[1024]);
                await pipe.FlushAsync(CancellationToken.None).AsTask().WaitAsync(NoHang);
            }
        });

        Assert.Same(refused, thrown);
    }

    [Fact]
    public async Task EndEarlyAsync_HandsOverEverythingWritten_AndWaitsForConsumer()
    {
        var received = new MemoryStream();
        var consumerDone = false;
        var pipe = new LoadDataPipe(async (stream, ct) =>
        {
            var n = await CopyInto(received)(stream, ct);
            await Task.Delay(200, ct); // the server finishing the statement
            consumerDone = true;
            return n;
        }, capacity: 16 * 1024, CancellationToken.None);
        var flushed = new byte[50_000];
        new Random(7).NextBytes(flushed);
        pipe.Writer.Write(flushed.AsSpan(0, 30_000));
        await pipe.FlushAsync(CancellationToken.None);
        pipe.Writer.Write(flushed.AsSpan(30_000)); // written (whole rows), not yet flushed when the producer fails

        await pipe.EndEarlyAsync().WaitAsync(NoHang);

        Assert.True(consumerDone, "EndEarlyAsync returned before the consumer finished");
        Assert.True(flushed.AsSpan().SequenceEqual(received.ToArray()), "the consumer did not get exactly the bytes written before the end");
    }

    [Fact]
    public async Task EndEarlyAsync_DoesNotThrow_WhenConsumerFails()
    {
        var pipe = new LoadDataPipe((_, _) => Task.FromException<int>(new InvalidOperationException("server gone")), capacity: 1024, CancellationToken.None);
        pipe.Writer.Write(new byte[10]);

        await pipe.EndEarlyAsync().WaitAsync(NoHang);
    }

    [Fact]
    public async Task FlushAsync_ThrowsOperationCanceled_WhenCancelledWhileConsumerIsBehind()
    {
        using var cancel = new CancellationTokenSource();
        var reading = new TaskCompletionSource();
        var pipe = new LoadDataPipe(async (stream, ct) =>
        {
            // A server that stopped taking data: one read, then nothing until the load is cancelled.
            var buffer = new byte[1024];
            _ = await stream.ReadAsync(buffer, ct);
            reading.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return 0;
        }, capacity: 8 * 1024, cancel.Token);

        var producing = Task.Run(async () =>
        {
            while (true)
            {
                pipe.Writer.Write(new byte[1024]);
                await pipe.FlushAsync(cancel.Token);
            }
        });
        await reading.Task.WaitAsync(NoHang);
        cancel.Cancel();

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => producing.WaitAsync(NoHang));
        await pipe.EndEarlyAsync().WaitAsync(NoHang);
    }
}
