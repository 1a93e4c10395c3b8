using System.IO.Pipelines;

namespace Sync.Warehouse.Loading;

/// <summary>
/// A bounded byte pipe between a producer (the loader formatting rows) and a consumer that reads a <see cref="Stream"/>
/// (MySqlBulkLoader sending it as LOAD DATA LOCAL INFILE), so rows are formatted while the server parses and inserts
/// the ones before them. At most <c>capacity</c> bytes wait in the pipe: <see cref="FlushAsync"/> holds the producer
/// while the consumer is behind, which bounds memory whatever the statement's size.
/// <para>
/// Endings: <see cref="CompleteAsync"/> ends the data and returns the consumer's result; <see cref="EndEarlyAsync"/> ends
/// it where the producer stopped, waits for the consumer and never throws, so the producer's own error is the one
/// reported. (Not an error on the stream: MySqlConnector marks a connection broken when its source stream throws, and the
/// server would keep the rows sent either way.) A consumer that stops reading (the server refused the statement, the
/// connection broke) releases a waiting producer: <see cref="FlushAsync"/> then throws the consumer's error.
/// </para>
/// </summary>
internal sealed class LoadDataPipe
{
    private readonly Pipe _pipe;
    private readonly Task<int> _consumer;

    /// <param name="consume">Reads the stream to its end and returns a result (rows inserted); runs on the thread pool.</param>
    /// <param name="capacity">Bytes the producer may get ahead of the consumer before <see cref="FlushAsync"/> waits.</param>
    /// <param name="ct">Passed to the consumer.</param>
    public LoadDataPipe(Func<Stream, CancellationToken, Task<int>> consume, int capacity, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(consume);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        _pipe = new Pipe(new PipeOptions(
            pauseWriterThreshold: capacity,
            resumeWriterThreshold: capacity / 2,
            minimumSegmentSize: Math.Min(capacity, 64 * 1024),
            useSynchronizationContext: false));
        _consumer = Task.Run(() => ConsumeAsync(consume, ct), CancellationToken.None);
    }

    /// <summary>Where the producer writes; bytes reach the consumer at the next <see cref="FlushAsync"/>.</summary>
    public PipeWriter Writer => _pipe.Writer;

    /// <summary>Hands written bytes to the consumer, waiting while the pipe is full.</summary>
    /// <exception cref="InvalidOperationException">The consumer finished without reading to the end.</exception>
    public async ValueTask FlushAsync(CancellationToken ct)
    {
        var result = await _pipe.Writer.FlushAsync(ct).ConfigureAwait(false);
        if (!result.IsCompleted) return;
        // The consumer stopped reading: report why (its exception), else that it stopped early.
        await _consumer.ConfigureAwait(false);
        throw new InvalidOperationException("the LOAD DATA stream's reader stopped before the end of the data");
    }

    /// <summary>Ends the data and waits for the consumer's result (its exception, if it failed).</summary>
    public async Task<int> CompleteAsync()
    {
        await _pipe.Writer.CompleteAsync().ConfigureAwait(false);
        return await _consumer.ConfigureAwait(false);
    }

    /// <summary>Ends the data with what has been written so far and waits until the consumer has stopped; never throws.</summary>
    public async Task EndEarlyAsync()
    {
        await _pipe.Writer.CompleteAsync().ConfigureAwait(false);
        try
        {
            await _consumer.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // the producer failed first; its error is the one the caller reports
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private async Task<int> ConsumeAsync(Func<Stream, CancellationToken, Task<int>> consume, CancellationToken ct)
    {
        var stream = _pipe.Reader.AsStream(leaveOpen: true);
        try
        {
            return await consume(stream, ct).ConfigureAwait(false);
        }
        finally
        {
            // Also when the consumer never read (the server refused the statement): frees a producer waiting in FlushAsync.
            await _pipe.Reader.CompleteAsync().ConfigureAwait(false);
        }
    }
}
