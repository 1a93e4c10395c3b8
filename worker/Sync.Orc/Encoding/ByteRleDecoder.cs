using System.Runtime.CompilerServices;
namespace Sync.Orc.Encoding;

/// <summary>Byte run-length decoding: runs of 3..130 equal bytes, or 1..128 literal bytes.</summary>
internal sealed class ByteRleDecoder
{
    private readonly StreamInput _input;
    private int _remaining;
    private bool _repeat;
    private byte _value;

    public ByteRleDecoder(StreamInput input) => _input = input;

    public StreamContext Context => _input.Context;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    public void Next(Span<byte> destination)
    {
        var i = 0;
        while (i < destination.Length)
        {
            if (_remaining == 0) ReadHeader();
            var n = Math.Min(_remaining, destination.Length - i);
            if (_repeat)
            {
                destination.Slice(i, n).Fill(_value);
            }
            else
            {
                _input.ReadSpan(n).CopyTo(destination.Slice(i, n));
            }
            i += n;
            _remaining -= n;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    public byte NextByte()
    {
        Span<byte> one = stackalloc byte[1];
        Next(one);
        return one[0];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    private void ReadHeader()
    {
        var header = (sbyte)_input.ReadByte();
        if (header >= 0)
        {
            _repeat = true;
            _remaining = header + 3;
            _value = _input.ReadByte();
        }
        else
        {
            _repeat = false;
            _remaining = -header;
        }
    }
}
