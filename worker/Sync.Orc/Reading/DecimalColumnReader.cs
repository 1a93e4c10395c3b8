using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using Sync.Orc.Encoding;
using Sync.Orc.Schema;

namespace Sync.Orc.Reading;

/// <summary>
/// decimal: DATA holds unbounded zigzag varints (the unscaled values, up to 128 bits) and SECONDARY the
/// scale of each value (signed integer RLE); values are rescaled to the column's scale. In the draft v2
/// layout, decimals of precision ≤ 18 are "decimal64": DATA alone, signed RLE v2 at the column's scale.
/// </summary>
internal sealed class DecimalColumnReader : ColumnReader
{
    private static readonly Int128[] Powers = BuildPowers();
    private readonly StreamInput _data;
    private readonly IIntegerDecoder? _scales;
    private readonly IIntegerDecoder? _decimal64;
    private readonly int _scale;
    private readonly Decimal128Type _arrowType;

    public DecimalColumnReader(OrcType type, StripeData stripe)
        : base(type, stripe)
    {
        const string reader = "DecimalColumn";
        var encoding = stripe.Encoding(type.Id);
        _arrowType = (Decimal128Type)ArrowSchemaMapper.ToArrowType(type);
        _scale = _arrowType.Scale;
        _data = Require(stripe, type, Proto.Stream.Types.Kind.Data, reader);
        if (stripe.Decimal64 && type.Precision is > 0 and <= 18)
        {
            // written as DIRECT by some writers, but always RLE v2
            _decimal64 = IntegerDecoders.Create(_data, signed: true, version2: true);
        }
        else
        {
            _scales = IntegerDecoders.Create(Require(stripe, type, Proto.Stream.Types.Kind.Secondary, reader), signed: true, IsV2(encoding));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    protected override IArrowArray ReadValues(int length, ReadOnlySpan<byte> valid, int nullCount)
    {
        var count = length - nullCount;
        var validity = Buffers.Validity(valid, length, nullCount);
        var dst = MemoryMarshal.Cast<byte, Int128>(Buffers.Start(length * 16, zero: false));
        var scales = RentLongs(count);
        try
        {
            var sc = scales.AsSpan(0, count);
            if (_decimal64 != null)
            {
                _decimal64.Next(sc);
                for (var k = 0; k < count; k++) dst[k] = sc[k];
            }
            else
            {
                _scales!.Next(sc);
                for (var k = 0; k < count; k++) dst[k] = Rescale(ReadUnbounded(), sc[k]);
            }
        }
        finally
        {
            Return(scales);
        }
        if (!valid.IsEmpty)
        {
            var j = count - 1;
            for (var i = length - 1; i >= 0; i--) dst[i] = valid[i] != 0 ? dst[j--] : Int128.Zero;
        }
        var data = new ArrayData(_arrowType, length, nullCount, 0, [validity, Buffers.Build()]);
        return new Decimal128Array(data);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    private Int128 ReadUnbounded()
    {
        UInt128 result = 0;
        var shift = 0;
        while (true)
        {
            var b = _data.ReadByte();
            if (shift >= 126 && (b & 0x7f) >> (128 - shift) != 0) throw _data.Context.Error("decimal value exceeds 128 bits");
            result |= (UInt128)(b & 0x7f) << shift;
            if (b < 0x80) break;
            shift += 7;
            if (shift >= 128) throw _data.Context.Error("decimal value exceeds 128 bits");
        }
        return (Int128)(result >> 1) ^ -(Int128)(result & 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    private Int128 Rescale(Int128 value, long scale)
    {
        if (scale == _scale) return value;
        var diff = _scale - scale;
        if (diff > 38 || diff < -38) throw _data.Context.Error($"decimal scale {scale} is too far from the column scale {_scale}");
        return diff > 0 ? value * Powers[diff] : value / Powers[-diff];
    }

    private static Int128[] BuildPowers()
    {
        var p = new Int128[39];
        p[0] = 1;
        for (var i = 1; i < p.Length; i++) p[i] = p[i - 1] * 10;
        return p;
    }
}
