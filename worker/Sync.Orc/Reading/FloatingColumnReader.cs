using System.Runtime.CompilerServices;
using Apache.Arrow;
using Sync.Orc.Encoding;
using Sync.Orc.Schema;

namespace Sync.Orc.Reading;

/// <summary>float and double: DATA holds IEEE 754 little-endian values of the non-null rows.</summary>
internal sealed class FloatingColumnReader : ColumnReader
{
    private readonly StreamInput _data;
    private readonly int _width;

    public FloatingColumnReader(OrcType type, StripeData stripe, int width)
        : base(type, stripe)
    {
        _width = width;
        _data = Require(stripe, type, Proto.Stream.Types.Kind.Data, "FloatingColumn");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    protected override IArrowArray ReadValues(int length, ReadOnlySpan<byte> valid, int nullCount)
    {
        var count = length - nullCount;
        var validity = Buffers.Validity(valid, length, nullCount);
        var src = _data.ReadSpan(count * _width);
        var bytes = Buffers.Start(length * _width, zero: !valid.IsEmpty);
        if (valid.IsEmpty)
        {
            src.CopyTo(bytes);
        }
        else
        {
            var j = 0;
            for (var i = 0; i < length; i++)
            {
                if (valid[i] == 0) continue;
                src.Slice(j * _width, _width).CopyTo(bytes.Slice(i * _width, _width));
                j++;
            }
        }
        return _width == 4
            ? new FloatArray(Buffers.Build(), validity, length, nullCount, 0)
            : new DoubleArray(Buffers.Build(), validity, length, nullCount, 0);
    }
}
