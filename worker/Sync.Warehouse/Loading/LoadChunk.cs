using MySqlConnector;
using Sync.Warehouse.Values;

namespace Sync.Warehouse.Loading;

/// <summary>One statement's worth of rows being built, then sent. The loader keeps two so it builds one while the other is in flight.</summary>
internal abstract class LoadChunk
{
    public abstract ValueSink Sink { get; }

    public abstract int Rows { get; }

    public long Bytes => Sink.ByteCount;

    /// <summary>Whether <see cref="RemoveLastRow"/> can undo the row just written (to keep the statement under its cap).</summary>
    public abstract bool CanRemoveLastRow { get; }

    /// <summary>Remembers where the next row starts.</summary>
    public abstract void MarkRow();

    public abstract void RemoveLastRow();

    public abstract void Reset();

    /// <summary>Sends the rows; returns the rows the server reports as inserted.</summary>
    public abstract Task<int> SendAsync(MySqlConnection connection, int timeoutSeconds, CancellationToken ct);
}
