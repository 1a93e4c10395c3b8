using System.Runtime.CompilerServices;
using Apache.Arrow;

namespace Sync.Orc.Reading;

/// <summary>
/// Builds a column reader's Arrow buffers in pooled arrays (<see cref="ArrayPoolAllocator"/>),
/// given back as soon as the record batch is disposed rather than when the garbage collector gets to it; this keeps a
/// scan's resident memory at about one batch instead of whatever the collector lets pile up, and spares every batch
/// fresh pages. Values are staged in one reusable buffer per reader (so a reader stages one buffer at a time) and
/// copied out once by <see cref="Build"/>.
/// </summary>
internal sealed class PooledArrowBuffers
{
    private readonly ArrowBuffer.Builder<byte> _stage = new(0);

    /// <summary>Starts a buffer of <paramref name="byteLength"/> bytes, zeroed when <paramref name="zero"/>; valid until <see cref="Build"/>.</summary>
    public Span<byte> Start(int byteLength, bool zero = true)
    {
        // Resize(0) instead of Clear(), which zeroes the whole staged length: callers either ask for zeroes or write
        // every byte. The length must drop to 0 first: Resize grows the capacity to the current length plus the new one.
        _stage.Resize(0).Resize(byteLength);
        var span = _stage.Span[..byteLength];
        if (zero) span.Clear();
        return span;
    }

    /// <summary>Copies the staged bytes into a pooled Arrow buffer.</summary>
    public ArrowBuffer Build() => _stage.Build(ArrayPoolAllocator.Instance);

    /// <summary>LSB-first validity bitmap, or the empty buffer when nothing is null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ArrowBuffer Validity(ReadOnlySpan<byte> valid, int length, int nullCount)
    {
        if (nullCount == 0 || valid.IsEmpty) return ArrowBuffer.Empty;
        PackInto(valid, length, Start((length + 7) / 8));
        return Build();
    }

    /// <summary>Packs 0/1 bytes into an LSB-first bitmap buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ArrowBuffer Bits(ReadOnlySpan<byte> bits, int length)
    {
        PackInto(bits, length, Start((length + 7) / 8));
        return Build();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    private static void PackInto(ReadOnlySpan<byte> bits, int length, Span<byte> bitmap)
    {
        var full = length & ~7;
        for (var i = 0; i < full; i += 8)
        {
            var b = 0;
            for (var k = 0; k < 8; k++) b |= (bits[i + k] != 0 ? 1 : 0) << k;
            bitmap[i >> 3] = (byte)b;
        }
        for (var i = full; i < length; i++)
        {
            if (bits[i] != 0) bitmap[i >> 3] |= (byte)(1 << (i & 7));
        }
    }
}
