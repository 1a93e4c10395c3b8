using System.Runtime.CompilerServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using Sync.Orc.Encoding;
using Sync.Orc.Schema;

namespace Sync.Orc.Reading;

/// <summary>map: LENGTH per present row; key and value columns hold all entries back to back.</summary>
internal sealed class MapColumnReader : ColumnReader
{
    private readonly ColumnReader _keys;
    private readonly ColumnReader _values;
    private readonly LengthsReader _lengths;
    private readonly MapType _arrowType;

    public MapColumnReader(OrcType type, StripeData stripe)
        : base(type, stripe)
    {
        var length = Require(stripe, type, Proto.Stream.Types.Kind.Length, "MapColumn");
        _lengths = new LengthsReader(IntegerDecoders.Create(length, signed: false, IsV2(stripe.Encoding(type.Id))), length.Context, stripe.MaxValues);
        _keys = ColumnReaderFactory.Create(type.Children[0], stripe);
        _values = ColumnReaderFactory.Create(type.Children[1], stripe);
        _arrowType = (MapType)ArrowSchemaMapper.ToArrowType(type);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    protected override IArrowArray ReadValues(int length, ReadOnlySpan<byte> valid, int nullCount)
    {
        var (offsets, total) = _lengths.Read(length, valid, nullCount);
        var keys = _keys.Read(total, []);
        var values = _values.Read(total, []);
        var entries = new StructArray(_arrowType.KeyValueType, total, [keys, values], ArrowBuffer.Empty, 0, 0);
        return new MapArray(_arrowType, length, new ArrowBuffer(offsets), entries, Buffers.Validity(valid, length, nullCount), nullCount, 0);
    }
}
