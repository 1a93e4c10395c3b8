using System.Runtime.InteropServices;
using Apache.Arrow;

namespace Sync.Orc.Reading;

/// <summary>Builds Arrow buffers from decoded values; validity is one byte (0/1) per row internally.</summary>
internal static class ArrowBuffers
{
    /// <summary>LSB-first validity bitmap, or the empty buffer when nothing is null.</summary>
    public static ArrowBuffer Validity(ReadOnlySpan<byte> valid, int length, int nullCount)
    {
        if (nullCount == 0 || valid.IsEmpty) return ArrowBuffer.Empty;
        var bitmap = new byte[(length + 7) / 8];
        for (var i = 0; i < length; i++)
        {
            if (valid[i] != 0) bitmap[i >> 3] |= (byte)(1 << (i & 7));
        }
        return new ArrowBuffer(bitmap);
    }

    /// <summary>Spreads the non-null values over the rows; null rows get default(T).</summary>
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

    /// <summary>Packs 0/1 bytes into an LSB-first bitmap.</summary>
    public static byte[] PackBits(ReadOnlySpan<byte> bits, int length)
    {
        var bitmap = new byte[(length + 7) / 8];
        for (var i = 0; i < length; i++)
        {
            if (bits[i] != 0) bitmap[i >> 3] |= (byte)(1 << (i & 7));
        }
        return bitmap;
    }
}
