using System.Runtime.CompilerServices;
namespace Sync.Orc.Encoding;

/// <summary>Integer RLE version 1: runs of 3..130 values with a fixed delta, or 1..128 varint literals.</summary>
internal sealed class IntRleV1Decoder : IIntegerDecoder
{
    private readonly StreamInput _input;
    private readonly bool _signed;
    private int _remaining;
    private bool _run;
    private long _value;
    private long _delta;

    public IntRleV1Decoder(StreamInput input, bool signed)
    {
        _input = input;
        _signed = signed;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    public void Next(Span<long> destination)
    {
        var i = 0;
        while (i < destination.Length)
        {
            if (_remaining == 0) ReadHeader();
            var n = Math.Min(_remaining, destination.Length - i);
            if (_run)
            {
                if (_delta == 0)
                {
                    destination.Slice(i, n).Fill(_value);
                }
                else
                {
                    for (var k = 0; k < n; k++)
                    {
                        destination[i + k] = _value;
                        _value += _delta;
                    }
                }
            }
            else
            {
                for (var k = 0; k < n; k++) destination[i + k] = ReadValue();
            }
            i += n;
            _remaining -= n;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    private long ReadValue() => _signed ? _input.ReadVarInt64Signed() : (long)_input.ReadVarUInt64();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    private void ReadHeader()
    {
        var header = (sbyte)_input.ReadByte();
        if (header >= 0)
        {
            _run = true;
            _remaining = header + 3;
            _delta = (sbyte)_input.ReadByte();
            _value = ReadValue();
        }
        else
        {
            _run = false;
            _remaining = -header;
        }
    }
}
