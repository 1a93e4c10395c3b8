using MySqlConnector;
using Sync.FeatureSync.Jobs;

namespace Sync.FeatureSync.Source;

/// <summary>
/// Locates the next primary-key range page on a connection of its own while the current page's rows are read and
/// converted, so the server finds page k+1 in the index while the client converts page k (instead of each waiting
/// on the other).
/// </summary>
/// <remarks>
/// A key-range page knows its last position before its rows are read (<see cref="KeyRangePageReader"/>), so the next
/// page's read starts then, after that position, for the limit the caller says comes next and the same day: what the sync asks for next as long as
/// it keeps reading the same file or starts a new one (a page of rows read for a day is the page read for no day when
/// its first row is of that day). Once located it starts its rows' query, so the server is already sending them when
/// the page is asked for, and reads them only then, so rows are converted one page at a time. Any other request drops the page read ahead. Every page is read in one
/// consistent snapshot on its own, exactly as if read at the time, so reading ahead changes which snapshot a page
/// comes from, never what a page holds for its snapshot. At most two reads run, on two connections taken in turn,
/// never on the caller's (which stays free for the caller's own queries).
/// </remarks>
internal sealed class PageReadAhead : IAsyncDisposable
{
    private readonly KeyRangePageReader _keyRange;
    private readonly MySqlConnection?[] _connections = new MySqlConnection?[2];
    private int _turn;
    private Read? _ahead;

    public PageReadAhead(KeyRangePageReader keyRange)
    {
        _keyRange = keyRange;
    }

    /// <summary>Pages served from a read started ahead (for tests and benchmarks).</summary>
    public long PagesReadAhead { get; private set; }

    /// <summary>As <see cref="KeyRangePageReader.TryReadPageAsync"/>, from the page read ahead when it is the one asked for.</summary>
    /// <param name="source">The caller's connection, whose settings the read-ahead connections copy.</param>
    /// <param name="nextLimit">The limit of the page to read ahead after this one.</param>
    public async Task<SourcePage?> TryReadPageAsync(MySqlConnection source, SyncCursor cursor, int limit, int nextLimit, DateOnly? day, CancellationToken ct)
    {
        var read = _ahead;
        _ahead = null;
        if (read != null && !(read.Cursor == cursor && read.Limit == limit && (read.Day == day || (day is null && await read.HasRowsAsync().ConfigureAwait(false)))))
        {
            await read.DiscardAsync().ConfigureAwait(false);
            read = null;
        }
        if (read != null) PagesReadAhead++;
        read ??= Start(source, cursor, limit, day, ct);
        read.Proceed.TrySetResult(true);
        if (await read.Located.Task.ConfigureAwait(false) is { } next)
            _ahead = Start(source, SyncCursor.AfterPosition(next.Last), nextLimit, next.Day, ct);
        return await read.Page.ConfigureAwait(false);
    }

    /// <summary>Drops the page read ahead (the next request will not be for it).</summary>
    public async ValueTask DiscardAsync()
    {
        var read = _ahead;
        _ahead = null;
        if (read != null) await read.DiscardAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await DiscardAsync().ConfigureAwait(false);
        foreach (var c in _connections)
            if (c != null) await c.DisposeAsync().ConfigureAwait(false);
    }

    private Read Start(MySqlConnection source, SyncCursor cursor, int limit, DateOnly? day, CancellationToken ct)
    {
        int slot = _turn++ & 1;
        var connection = _connections[slot] ??= source.Clone();
        var read = new Read(cursor, limit, day);
        read.Page = RunAsync(read, connection, ct);
        return read;
    }

    private async Task<SourcePage?> RunAsync(Read read, MySqlConnection connection, CancellationToken ct)
    {
        try
        {
            if (connection.State != System.Data.ConnectionState.Open)
            {
                // A connection left broken by a failed read is reopened.
                if (connection.State != System.Data.ConnectionState.Closed) await connection.CloseAsync().ConfigureAwait(false);
                await connection.OpenAsync(ct).ConfigureAwait(false);
            }
            return await _keyRange.TryReadPageAsync(connection, read.Cursor, read.Limit, read.Day,
                (last, pageDay) =>
                {
                    read.Located.TrySetResult((last, pageDay));
                    return read.Proceed.Task;
                }, ct).ConfigureAwait(false);
        }
        finally
        {
            // A short page, a failure or a page this path cannot read: nothing to read ahead after it.
            read.Located.TrySetResult(null);
        }
    }

    /// <summary>One page read: what was asked, when its last position is known, and the page.</summary>
    private sealed class Read(SyncCursor cursor, int limit, DateOnly? day)
    {
        public SyncCursor Cursor { get; } = cursor;
        public int Limit { get; } = limit;
        public DateOnly? Day { get; } = day;

        /// <summary>The page's last position and day once located; null when the page is not a full key-range page.</summary>
        public TaskCompletionSource<(SyncPosition Last, DateOnly Day)?> Located { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Whether to read the located page's rows (set when it is asked for) or drop it.</summary>
        public TaskCompletionSource<bool> Proceed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<SourcePage?> Page { get; set; } = null!;

        /// <summary>Whether the page has rows: a located page is full; any other has finished reading on its own.</summary>
        public async Task<bool> HasRowsAsync()
        {
            if (await Located.Task.ConfigureAwait(false) != null) return true;
            try
            {
                return await Page.ConfigureAwait(false) is { Rows: > 0 };
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Whatever failed is met again, and reported, when the page is read anew.
                return false;
            }
        }

        public async ValueTask DiscardAsync()
        {
            Proceed.TrySetResult(false);
            try
            {
                await Page.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Dropped unread; whatever failed is met again, and reported, when a page is read anew.
            }
        }
    }
}
