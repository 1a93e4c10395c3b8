using System.Diagnostics;
using System.Threading.Channels;
using Apache.Arrow;
using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.Source;

namespace Sync.FeatureSync.Output;

/// <summary>
/// The output file being assembled in the spool folder: rows of one day, from <see cref="First"/> to <see cref="Last"/>.
/// Published only once complete; a crash leaves nothing but a spool file that the next start clears.
/// </summary>
/// <remarks>
/// Batches are encoded on a background task while the caller reads the next page from the source, so reading and
/// writing overlap; at most <see cref="QueuedBatches"/> batches wait. A write failure surfaces at the next
/// <see cref="AppendAsync"/> or at <see cref="CompleteAsync"/>.
/// </remarks>
internal sealed class SpoolFile : IAsyncDisposable
{
    /// <summary>Enough to keep the encoder busy while one page is read; bounds the memory held to a few pages.</summary>
    public const int QueuedBatches = 2;

    private readonly FileStream _stream;
    private readonly IRowFileWriter _writer;
    private readonly long _openedAt = Stopwatch.GetTimestamp();
    private readonly Channel<SourcePage> _queue = Channel.CreateBounded<SourcePage>(
        new BoundedChannelOptions(QueuedBatches) { SingleReader = true, SingleWriter = true });
    private readonly Task _encoding;
    private bool _completed;

    public SpoolFile(string path, OutputFormat format, Schema schema, DateOnly day)
    {
        Path = path;
        Day = day;
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        _writer = RowFileWriters.Create(format, _stream, schema);
        _encoding = Task.Run(EncodeAsync);
    }

    public string Path { get; }
    public DateOnly Day { get; }
    public SyncPosition First { get; private set; }
    public SyncPosition Last { get; private set; }
    public long Rows { get; private set; }
    public long EstimatedBytes { get; private set; }
    public TimeSpan Age => Stopwatch.GetElapsedTime(_openedAt);

    public async ValueTask AppendAsync(SourcePage page, CancellationToken ct)
    {
        if (page.Batch is null) return;
        if (_encoding.IsFaulted) await _encoding.ConfigureAwait(false);
        try
        {
            await _queue.Writer.WriteAsync(page, ct).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // The encoder stopped on an error: report that error, not the closed queue.
            await _encoding.ConfigureAwait(false);
            throw;
        }
        if (Rows == 0) First = page.First;
        Last = page.Last;
        Rows += page.Rows;
        EstimatedBytes += page.EstimatedBytes;
    }

    /// <summary>Waits for every queued batch to be written, then writes the file's tail and closes it.</summary>
    public async ValueTask CompleteAsync(CancellationToken ct)
    {
        if (_completed) return;
        _queue.Writer.TryComplete();
        await _encoding.WaitAsync(ct).ConfigureAwait(false);
        await _writer.CompleteAsync(ct).ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _stream.FlushAsync(ct).ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _completed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            // The file is abandoned: let the encoder finish the few queued batches; an error of its own was already
            // reported by AppendAsync or CompleteAsync (or is moot next to the error that abandons the file).
            _queue.Writer.TryComplete();
            await _encoding.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            // A writer that failed mid-batch is not asked for a tail; its file is deleted below either way.
            if (_encoding.IsCompletedSuccessfully) await _writer.DisposeAsync().ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
            _completed = true;
        }
        File.Delete(Path);
    }

    private async Task EncodeAsync()
    {
        try
        {
            await foreach (var page in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                await _writer.WriteAsync(page.Batch!, CancellationToken.None).ConfigureAwait(false);
                // Written: the writers keep no reference to a batch's buffers, which the next pages reuse.
                page.Memory?.Dispose();
            }
        }
        catch (Exception ex)
        {
            _queue.Writer.TryComplete(ex);
            throw;
        }
    }
}
