using System.Collections.Concurrent;

namespace Sync.Orc.Tests.Support;

/// <summary>Wraps a range source and records every range read.</summary>
public sealed class RecordingRangeSource(IRangeSource inner) : IRangeSource
{
    public ConcurrentQueue<(long Offset, int Length)> Reads { get; } = new();

    public string Name => inner.Name;

    public long Length => inner.Length;

    public ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken ct)
    {
        Reads.Enqueue((offset, destination.Length));
        return inner.ReadAsync(offset, destination, ct);
    }
}
