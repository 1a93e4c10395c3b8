using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;

namespace Sync.Orc.Reading;

/// <summary>Spreads decoded values over rows for the small managed buffers (see <see cref="PooledArrowBuffers"/> for the large ones).</summary>
internal static class ArrowBuffers
{
    /// <summary>Spreads the non-null values over the rows; null rows get default(T).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static byte[] Scatter<T>(ReadOnlySpan<T> values, ReadOnlySpan<byte> valid, int length)
        where T : unmanaged
    {
        var bytes = new byte[length * Marshal.SizeOf<T>()];
        var dst = MemoryMarshal.Cast<byte, T>(bytes.AsSpan());
        if (valid.IsEmpty)
        {
            values[..length].CopyTo(dst);
            return bytes;
        }
        var j = 0;
        for (var i = 0; i < length; i++)
        {
            if (valid[i] != 0) dst[i] = values[j++];
        }
        return bytes;
    }
}
