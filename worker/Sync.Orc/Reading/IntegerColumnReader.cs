using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Sync.Orc.Encoding;
using Sync.Orc.Schema;
using Kind = Sync.Orc.Proto.Type.Types.Kind;

namespace Sync.Orc.Reading;

/// <summary>smallint, int, bigint and date: DATA is signed integer RLE (v1 or v2 by encoding).</summary>
internal sealed class IntegerColumnReader : ColumnReader
{
    private readonly IIntegerDecoder _data;

    public IntegerColumnReader(OrcType type, StripeData stripe)
        : base(type, stripe)
    {
        var encoding = stripe.Encoding(type.Id);
        _data = IntegerDecoders.Create(Require(stripe, type, Proto.Stream.Types.Kind.Data, "IntegerColumn"), signed: true, IsV2(encoding));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    protected override IArrowArray ReadValues(int length, ReadOnlySpan<byte> valid, int nullCount)
    {
        var count = length - nullCount;
        var validity = Buffers.Validity(valid, length, nullCount);
        if (Type.Kind == Kind.Long)
        {
            var dst = MemoryMarshal.Cast<byte, long>(Buffers.Start(length * 8, zero: false));
            _data.Next(dst[..count]);
            if (!valid.IsEmpty)
            {
                var j = count - 1;
                for (var i = length - 1; i >= 0; i--) dst[i] = valid[i] != 0 ? dst[j--] : 0;
            }
            return new Int64Array(Buffers.Build(), validity, length, nullCount, 0);
        }
        var values = RentLongs(count);
        try
        {
            var src = values.AsSpan(0, count);
            _data.Next(src);
            switch (Type.Kind)
            {
                case Kind.Short:
                {
                    var dst = MemoryMarshal.Cast<byte, short>(Buffers.Start(length * 2));
                    Spread(src, valid, length, dst, v => (short)v);
                    return new Int16Array(Buffers.Build(), validity, length, nullCount, 0);
                }
                case Kind.Int:
                {
                    var dst = MemoryMarshal.Cast<byte, int>(Buffers.Start(length * 4));
                    Spread(src, valid, length, dst, v => (int)v);
                    return new Int32Array(Buffers.Build(), validity, length, nullCount, 0);
                }
                default:
                {
                    var dst = MemoryMarshal.Cast<byte, int>(Buffers.Start(length * 4));
                    Spread(src, valid, length, dst, v => (int)v);
                    return new Date32Array(Buffers.Build(), validity, length, nullCount, 0);
                }
            }
        }
        finally
        {
            Return(values);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    private static void Spread<T>(ReadOnlySpan<long> src, ReadOnlySpan<byte> valid, int length, Span<T> dst, Func<long, T> narrow)
    {
        if (valid.IsEmpty)
        {
            for (var i = 0; i < length; i++) dst[i] = narrow(src[i]);
            return;
        }
        var j = 0;
        for (var i = 0; i < length; i++)
        {
            if (valid[i] != 0) dst[i] = narrow(src[j++]);
        }
    }
}
