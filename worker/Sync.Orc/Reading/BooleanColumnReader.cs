using System.Runtime.CompilerServices;
using System.Buffers;
using Apache.Arrow;
using Sync.Orc.Encoding;
using Sync.Orc.Schema;

namespace Sync.Orc.Reading;

/// <summary>boolean: DATA is boolean RLE.</summary>
internal sealed class BooleanColumnReader : ColumnReader
{
    private readonly BooleanRleDecoder _data;

    public BooleanColumnReader(OrcType type, StripeData stripe)
        : base(type, stripe) => _data = new BooleanRleDecoder(Require(stripe, type, Proto.Stream.Types.Kind.Data, "BooleanColumn"));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    protected override IArrowArray ReadValues(int length, ReadOnlySpan<byte> valid, int nullCount)
    {
        var count = length - nullCount;
        var bits = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            _data.Next(bits.AsSpan(0, count));
            var values = bits.AsSpan(0, length);
            if (!valid.IsEmpty)
            {
                // spread from the back so values are not overwritten before they move
                var j = count - 1;
                for (var i = length - 1; i >= 0; i--) values[i] = valid[i] != 0 ? values[j--] : (byte)0;
            }
            var validity = Buffers.Validity(valid, length, nullCount);
            return new BooleanArray(Buffers.Bits(values, length), validity, length, nullCount, 0);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bits);
        }
    }
}
