using System.Runtime.CompilerServices;

namespace Sync.Orc.Encoding;

/// <summary>A decompressed stream held in memory, read forward with bounds checks.</summary>
internal sealed class StreamInput
{
    public StreamInput(byte[] buffer, int offset, int length, StreamContext context)
    {
        Buffer = buffer;
        Position = offset;
        End = offset + length;
        Context = context;
    }

    public byte[] Buffer { get; }

    public int Position { get; set; }

    public int End { get; }

    public int Remaining => End - Position;

    public StreamContext Context { get; }

    public static StreamInput Empty(StreamContext context) => new([], 0, 0, context);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte ReadByte()
    {
        if (Position >= End) throw EndOfStream();
        return Buffer[Position++];
    }

    public ReadOnlySpan<byte> ReadSpan(int count)
    {
        if (count < 0 || count > End - Position) throw EndOfStream();
        var span = new ReadOnlySpan<byte>(Buffer, Position, count);
        Position += count;
        return span;
    }

    /// <summary>Base-128 varint, little-endian groups, at most 10 bytes.</summary>
    public ulong ReadVarUInt64()
    {
        ulong result = 0;
        var shift = 0;
        while (true)
        {
            var b = ReadByte();
            if (shift == 63 && b > 1) throw Context.Error("varint overflows 64 bits");
            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return result;
            shift += 7;
            if (shift > 63) throw Context.Error("varint longer than 10 bytes");
        }
    }

    public long ReadVarInt64Signed() => ZigZag(ReadVarUInt64());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ZigZag(ulong v) => (long)(v >> 1) ^ -(long)(v & 1);

    public OrcFormatException EndOfStream() => Context.Error($"unexpected end of stream after {Position} of {End} bytes");
}
