using System.Runtime.CompilerServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using Sync.Orc.Schema;

namespace Sync.Orc.Reading;

/// <summary>struct: no streams of its own besides PRESENT; children hold values only for present rows.</summary>
internal sealed class StructColumnReader : ColumnReader
{
    private readonly ColumnReader[] _children;
    private readonly IArrowType _arrowType;

    public StructColumnReader(OrcType type, StripeData stripe)
        : base(type, stripe)
    {
        _children = new ColumnReader[type.Children.Count];
        for (var i = 0; i < _children.Length; i++) _children[i] = ColumnReaderFactory.Create(type.Children[i], stripe);
        _arrowType = ArrowSchemaMapper.ToArrowType(type);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    protected override IArrowArray ReadValues(int length, ReadOnlySpan<byte> valid, int nullCount)
    {
        var arrays = new IArrowArray[_children.Length];
        for (var i = 0; i < _children.Length; i++) arrays[i] = _children[i].Read(length, valid);
        return new StructArray(_arrowType, length, arrays, Buffers.Validity(valid, length, nullCount), nullCount, 0);
    }
}
