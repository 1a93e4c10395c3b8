using System.Diagnostics;
using Apache.Arrow;
using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.Source;

namespace Sync.FeatureSync.Output;

/// <summary>
/// The output file being assembled in the spool folder: rows of one day, from <see cref="First"/> to <see cref="Last"/>.
/// Published only once complete; a crash leaves nothing but a spool file that the next start clears.
/// </summary>
internal sealed class SpoolFile : IAsyncDisposable
{
    private readonly FileStream _stream;
    private readonly IRowFileWriter _writer;
    private readonly long _openedAt = Stopwatch.GetTimestamp();
    private bool _completed;

    public SpoolFile(string path, OutputFormat format, Schema schema, DateOnly day)
    {
        Path = path;
        Day = day;
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        _writer = RowFileWriters.Create(format, _stream, schema);
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
        if (page.Batch is not RecordBatch batch) return;
        await _writer.WriteAsync(batch, ct).ConfigureAwait(false);
        if (Rows == 0) First = page.First;
        Last = page.Last;
        Rows += page.Rows;
        EstimatedBytes += page.EstimatedBytes;
    }

    /// <summary>Writes the file's tail and closes it.</summary>
    public async ValueTask CompleteAsync(CancellationToken ct)
    {
        if (_completed) return;
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
            await _writer.DisposeAsync().ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
            _completed = true;
        }
        File.Delete(Path);
    }
}
