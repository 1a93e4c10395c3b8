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

    protected override IArrowArray ReadValues(int length, ReadOnlySpan<byte> valid, int nullCount)
    {
        var count = length - nullCount;
        var validity = ArrowBuffers.Validity(valid, length, nullCount);
        if (Type.Kind == Kind.Long)
        {
            var bytes = new byte[length * 8];
            var dst = MemoryMarshal.Cast<byte, long>(bytes.AsSpan());
            _data.Next(dst[..count]);
            if (!valid.IsEmpty)
            {
                var j = count - 1;
                for (var i = length - 1; i >= 0; i--) dst[i] = valid[i] != 0 ? dst[j--] : 0;
            }
            return new Int64Array(new ArrowBuffer(bytes), validity, length, nullCount, 0);
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
                    var bytes = new byte[length * 2];
                    var dst = MemoryMarshal.Cast<byte, short>(bytes.AsSpan());
                    Spread(src, valid, length, dst, v => (short)v);
                    return new Int16Array(new ArrowBuffer(bytes), validity, length, nullCount, 0);
                }
                case Kind.Int:
                {
                    var bytes = new byte[length * 4];
                    var dst = MemoryMarshal.Cast<byte, int>(bytes.AsSpan());
                    Spread(src, valid, length, dst, v => (int)v);
                    return new Int32Array(new ArrowBuffer(bytes), validity, length, nullCount, 0);
                }
                default:
                {
                    var bytes = new byte[length * 4];
                    var dst = MemoryMarshal.Cast<byte, int>(bytes.AsSpan());
                    Spread(src, valid, length, dst, v => (int)v);
                    return new Date32Array(new ArrowBuffer(bytes), validity, length, nullCount, 0);
                }
            }
        }
        finally
        {
            Return(values);
        }
    }

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
