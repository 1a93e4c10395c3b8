using System.Runtime.CompilerServices;
using System.Buffers.Binary;

namespace Sync.Orc.Encoding;

/// <summary>Big-endian bit-packed unsigned integers of a fixed width (1..64); a packed group ends on a byte boundary.</summary>
internal static class BitUnpacker
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Unpack(StreamInput input, Span<long> destination, int width)
    {
        if (destination.IsEmpty) return;
        var totalBits = (long)destination.Length * width;
        var bytes = (int)((totalBits + 7) / 8);
        var src = input.ReadSpan(bytes);
        switch (width)
        {
            case 8:
                for (var i = 0; i < destination.Length; i++) destination[i] = src[i];
                return;
            case 16:
                for (var i = 0; i < destination.Length; i++) destination[i] = BinaryPrimitives.ReadUInt16BigEndian(src[(i * 2)..]);
                return;
            case 32:
                for (var i = 0; i < destination.Length; i++) destination[i] = BinaryPrimitives.ReadUInt32BigEndian(src[(i * 4)..]);
                return;
            case 64:
                for (var i = 0; i < destination.Length; i++) destination[i] = (long)BinaryPrimitives.ReadUInt64BigEndian(src[(i * 8)..]);
                return;
        }
        if (width < 57)
        {
            UnpackNarrow(src, destination, width);
            return;
        }
        // wide values: accumulate byte by byte
        var pos = 0;
        ulong current = 0;
        var bitsLeft = 0;
        for (var i = 0; i < destination.Length; i++)
        {
            ulong result = 0;
            var need = width;
            while (need > bitsLeft)
            {
                result = (result << bitsLeft) | (current & ((1UL << bitsLeft) - 1));
                need -= bitsLeft;
                current = src[pos++];
                bitsLeft = 8;
            }
            if (need > 0)
            {
                bitsLeft -= need;
                result = (result << need) | ((current >> bitsLeft) & ((1UL << need) - 1));
            }
            destination[i] = (long)result;
        }
    }

    /// <summary>Widths up to 56: a 64-bit window refilled a byte at a time always holds a whole value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UnpackNarrow(ReadOnlySpan<byte> src, Span<long> destination, int width)
    {
        var mask = (1UL << width) - 1;
        ulong window = 0;
        var bits = 0;
        var pos = 0;
        for (var i = 0; i < destination.Length; i++)
        {
            while (bits < width)
            {
                window = (window << 8) | src[pos++];
                bits += 8;
            }
            bits -= width;
            destination[i] = (long)((window >> bits) & mask);
        }
    }
}
