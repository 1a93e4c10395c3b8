using System.Runtime.CompilerServices;
namespace Sync.Orc.Encoding;

/// <summary>Booleans as bits (most significant first) over byte run-length encoding.</summary>
internal sealed class BooleanRleDecoder
{
    private readonly ByteRleDecoder _bytes;
    private int _current;
    private int _bitsLeft;

    public BooleanRleDecoder(StreamInput input) => _bytes = new ByteRleDecoder(input);

    /// <summary>Writes 1 or 0 per value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Next(Span<byte> destination)
    {
        var i = 0;
        // drain bits left from the previous byte
        while (i < destination.Length && _bitsLeft > 0)
        {
            _bitsLeft--;
            destination[i++] = (byte)((_current >> _bitsLeft) & 1);
        }
        if (i == destination.Length) return;
        var whole = (destination.Length - i) / 8;
        if (whole > 0)
        {
            var packed = System.Buffers.ArrayPool<byte>.Shared.Rent(whole);
            try
            {
                _bytes.Next(packed.AsSpan(0, whole));
                for (var k = 0; k < whole; k++)
                {
                    int b = packed[k];
                    var d = destination.Slice(i, 8);
                    d[0] = (byte)((b >> 7) & 1);
                    d[1] = (byte)((b >> 6) & 1);
                    d[2] = (byte)((b >> 5) & 1);
                    d[3] = (byte)((b >> 4) & 1);
                    d[4] = (byte)((b >> 3) & 1);
                    d[5] = (byte)((b >> 2) & 1);
                    d[6] = (byte)((b >> 1) & 1);
                    d[7] = (byte)(b & 1);
                    i += 8;
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(packed);
            }
        }
        while (i < destination.Length)
        {
            if (_bitsLeft == 0)
            {
                _current = _bytes.NextByte();
                _bitsLeft = 8;
            }
            _bitsLeft--;
            destination[i++] = (byte)((_current >> _bitsLeft) & 1);
        }
    }
}
