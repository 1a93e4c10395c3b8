using System.Runtime.CompilerServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using Sync.Orc.Encoding;
using Sync.Orc.Schema;

namespace Sync.Orc.Reading;

/// <summary>array: LENGTH per present row; the child column holds all elements back to back.</summary>
internal sealed class ListColumnReader : ColumnReader
{
    private readonly ColumnReader _child;
    private readonly LengthsReader _lengths;
    private readonly IArrowType _arrowType;

    public ListColumnReader(OrcType type, StripeData stripe)
        : base(type, stripe)
    {
        var length = Require(stripe, type, Proto.Stream.Types.Kind.Length, "ListColumn");
        _lengths = new LengthsReader(IntegerDecoders.Create(length, signed: false, IsV2(stripe.Encoding(type.Id))), length.Context, stripe.MaxValues);
        _child = ColumnReaderFactory.Create(type.Children[0], stripe);
        _arrowType = ArrowSchemaMapper.ToArrowType(type);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    protected override IArrowArray ReadValues(int length, ReadOnlySpan<byte> valid, int nullCount)
    {
        var (offsets, total) = _lengths.Read(length, valid, nullCount);
        var values = _child.Read(total, []);
        return new ListArray(_arrowType, length, new ArrowBuffer(offsets), values, Buffers.Validity(valid, length, nullCount), nullCount, 0);
    }
}
