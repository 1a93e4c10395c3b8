using System.Runtime.CompilerServices;
using System.Buffers;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using Sync.Orc.Encoding;
using Sync.Orc.Schema;

namespace Sync.Orc.Reading;

/// <summary>
/// uniontype: DATA holds the tag of each present row (byte RLE); child k holds values for the rows tagged k.
/// Arrow dense union with type id = tag; null rows point at the trailing Null child.
/// </summary>
internal sealed class UnionColumnReader : ColumnReader
{
    private readonly ColumnReader[] _children;
    private readonly ByteRleDecoder _tags;
    private readonly IArrowType _arrowType;

    public UnionColumnReader(OrcType type, StripeData stripe)
        : base(type, stripe)
    {
        _tags = new ByteRleDecoder(Require(stripe, type, Proto.Stream.Types.Kind.Data, "UnionColumn"));
        _children = new ColumnReader[type.Children.Count];
        for (var i = 0; i < _children.Length; i++) _children[i] = ColumnReaderFactory.Create(type.Children[i], stripe);
        _arrowType = ArrowSchemaMapper.ToArrowType(type);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    protected override IArrowArray ReadValues(int length, ReadOnlySpan<byte> valid, int nullCount)
    {
        var count = length - nullCount;
        var nullId = _children.Length;
        var typeIds = new byte[length];
        var offsetBytes = new byte[length * 4];
        var offsets = MemoryMarshal.Cast<byte, int>(offsetBytes.AsSpan());
        var counts = new int[_children.Length + 1];
        var tags = ArrayPool<byte>.Shared.Rent(Math.Max(count, 1));
        try
        {
            _tags.Next(tags.AsSpan(0, count));
            var j = 0;
            for (var i = 0; i < length; i++)
            {
                int id;
                if (!valid.IsEmpty && valid[i] == 0)
                {
                    id = nullId;
                }
                else
                {
                    id = tags[j++];
                    if (id >= _children.Length) throw _tags.Context.Error($"union tag {id} at row {i} but the union has {_children.Length} alternatives");
                }
                typeIds[i] = (byte)id;
                offsets[i] = counts[id]++;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(tags);
        }
        var arrays = new IArrowArray[_children.Length + 1];
        for (var k = 0; k < _children.Length; k++) arrays[k] = _children[k].Read(counts[k], []);
        arrays[nullId] = new NullArray(counts[nullId]);
        return new DenseUnionArray(_arrowType, length, arrays, new ArrowBuffer(typeIds), new ArrowBuffer(offsetBytes), 0, 0);
    }
}
