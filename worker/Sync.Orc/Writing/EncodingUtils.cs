using System.Numerics;
using Sync.Orc.Encoding;

namespace Sync.Orc.Writing;

/// <summary>Varints, zigzag and the bit-width tables of integer RLE v2 (Apache ORC's SerializationUtils).</summary>
internal static class EncodingUtils
{
    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    public static void WriteVarUInt(CompressedOutStream output, ulong value)
    {
        Span<byte> buffer = stackalloc byte[10];
        var n = 0;
        while (value >= 0x80)
        {
            buffer[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        buffer[n++] = (byte)value;
        output.Write(buffer[..n]);
    }

    public static void WriteVarInt(CompressedOutStream output, long value) => WriteVarUInt(output, ZigZag(value));

    /// <summary>An unbounded zigzag varint of a 128-bit value (decimal DATA streams).</summary>
    public static void WriteVarInt128(CompressedOutStream output, Int128 value)
    {
        var zigzag = (UInt128)((value << 1) ^ (value >> 127));
        Span<byte> buffer = stackalloc byte[19];
        var n = 0;
        while (zigzag >= 0x80)
        {
            buffer[n++] = (byte)((byte)zigzag | 0x80);
            zigzag >>= 7;
        }
        buffer[n++] = (byte)zigzag;
        output.Write(buffer[..n]);
    }

    /// <summary>Bits needed to hold <paramref name="value"/> as unsigned, rounded up to a width RLE v2 can encode.</summary>
    public static int FindClosestNumBits(long value) => GetClosestFixedBits(64 - BitOperations.LeadingZeroCount((ulong)value));

    public static int GetClosestFixedBits(int n) => RleV2BitWidths.ClosestFixed(n);

    /// <summary>Widths used when bit packing for speed (Java's SPEED encoding strategy, its default).</summary>
    public static int GetClosestAlignedFixedBits(int n) => n switch
    {
        <= 1 => 1,
        2 => 2,
        <= 4 => 4,
        <= 8 => 8,
        <= 16 => 16,
        <= 24 => 24,
        <= 32 => 32,
        <= 40 => 40,
        <= 48 => 48,
        <= 56 => 56,
        _ => 64,
    };

    /// <summary>The 5-bit code of a bit width in RLE v2 headers.</summary>
    public static int EncodeBitWidth(int n) => RleV2BitWidths.Encode(n);

    /// <summary>The width that holds the <paramref name="p"/> fraction of the values (0 &lt; p ≤ 1).</summary>
    public static int PercentileBits(ReadOnlySpan<long> data, double p)
    {
        Span<int> histogram = stackalloc int[32];
        foreach (var value in data) histogram[EncodeBitWidth(FindClosestNumBits(value))]++;
        var perLen = (int)(data.Length * (1.0 - p));
        for (var i = histogram.Length - 1; i >= 0; i--)
        {
            perLen -= histogram[i];
            if (perLen < 0) return RleV2BitWidths.Decode(i);
        }
        return 0;
    }

    public static bool IsSafeSubtract(long left, long right) => (left ^ right) >= 0 || (left ^ (left - right)) >= 0;

    /// <summary>Packs each value's low <paramref name="bitSize"/> bits, most significant first, padding the last byte.</summary>
    public static void WriteInts(CompressedOutStream output, ReadOnlySpan<long> values, int bitSize)
    {
        if (values.IsEmpty) return;
        if (bitSize == 8)
        {
            foreach (var v in values) output.WriteByte((byte)v);
            return;
        }
        ulong buffer = 0;
        var bitsInBuffer = 0;
        Span<byte> scratch = stackalloc byte[256];
        var used = 0;
        foreach (var v in values)
        {
            var value = (ulong)v;
            var remaining = bitSize;
            while (remaining > 0)
            {
                // take as many of the value's top remaining bits as fit in the 64-bit buffer
                var take = Math.Min(remaining, 64 - bitsInBuffer);
                var chunk = (value >> (remaining - take)) & (take == 64 ? ulong.MaxValue : (1UL << take) - 1);
                buffer = take == 64 ? chunk : (buffer << take) | chunk;
                bitsInBuffer += take;
                remaining -= take;
                while (bitsInBuffer >= 8)
                {
                    bitsInBuffer -= 8;
                    scratch[used++] = (byte)(buffer >> bitsInBuffer);
                    if (used == scratch.Length)
                    {
                        output.Write(scratch);
                        used = 0;
                    }
                }
            }
        }
        if (bitsInBuffer > 0) scratch[used++] = (byte)(buffer << (8 - bitsInBuffer));
        output.Write(scratch[..used]);
    }
}
