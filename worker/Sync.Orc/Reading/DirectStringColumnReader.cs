using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Sync.Orc.Encoding;
using Sync.Orc.Schema;

namespace Sync.Orc.Reading;

/// <summary>Direct strings and binary: LENGTH (unsigned integer RLE) and the concatenated bytes in DATA.</summary>
internal sealed class DirectStringColumnReader : ColumnReader
{
    private readonly StreamInput _data;
    private readonly IIntegerDecoder _lengths;

    public DirectStringColumnReader(OrcType type, StripeData stripe)
        : base(type, stripe)
    {
        var encoding = stripe.Encoding(type.Id);
        _data = Require(stripe, type, Proto.Stream.Types.Kind.Data, "StringDirectColumn");
        _lengths = IntegerDecoders.Create(Require(stripe, type, Proto.Stream.Types.Kind.Length, "StringDirectColumn"), signed: false, IsV2(encoding));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    protected override IArrowArray ReadValues(int length, ReadOnlySpan<byte> valid, int nullCount)
    {
        var count = length - nullCount;
        var lengths = RentLongs(count);
        try
        {
            var lens = lengths.AsSpan(0, count);
            _lengths.Next(lens);
            var validity = Buffers.Validity(valid, length, nullCount);
            var offsets = MemoryMarshal.Cast<byte, int>(Buffers.Start((length + 1) * 4, zero: false));
            long total = 0;
            var j = 0;
            for (var i = 0; i < length; i++)
            {
                offsets[i] = (int)total;
                if (!valid.IsEmpty && valid[i] == 0) continue;
                var len = lens[j++];
                if (len < 0 || len > _data.Remaining) throw _data.Context.Error($"string length {len} at row {i} exceeds the {_data.Remaining} bytes left in DATA");
                total += len;
                if (total > _data.Remaining) throw _data.Context.Error($"strings of the batch need {total} bytes but DATA has {_data.Remaining} left");
            }
            offsets[length] = (int)total;
            var offsetBuffer = Buffers.Build();
            _data.ReadExactly(Buffers.Start((int)total, zero: false));
            return StringColumnReaders.Build(Type, length, offsetBuffer, Buffers.Build(), validity, nullCount);
        }
        finally
        {
            Return(lengths);
        }
    }
}
