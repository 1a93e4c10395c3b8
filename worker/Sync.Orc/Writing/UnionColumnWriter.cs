using Apache.Arrow;
using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>
/// UNION (from a dense Arrow union, type id = tag): DATA holds each row's tag as byte RLE; the chosen child gets the
/// value. Rows pointing at the null-marker type id (the reader's trailing Null child) are null unions.
/// </summary>
internal sealed class UnionColumnWriter : ColumnWriter
{
    private readonly CompressedOutStream _tagStream;
    private readonly ByteRleEncoder _tags;
    private readonly int[] _childByTypeId;
    private readonly int _nullTypeId;

    public UnionColumnWriter(int columnId, WriterContext context, IReadOnlyList<ColumnWriter> children, IReadOnlyList<int> typeIds, int nullTypeId)
        : base(columnId, context, new StatisticsBuilder(), children)
    {
        _nullTypeId = nullTypeId;
        _tagStream = context.CreateStream();
        _tags = new ByteRleEncoder(_tagStream);
        _childByTypeId = new int[128];
        System.Array.Fill(_childByTypeId, -1);
        for (var c = 0; c < children.Count; c++) _childByTypeId[typeIds[c]] = c;
    }

    protected override bool MayHaveNulls(IArrowArray array) => _nullTypeId >= 0 || array.NullCount != 0;

    protected override bool IsRowValid(IArrowArray array, int index) =>
        ((UnionArray)array).TypeIds[index] != _nullTypeId && array.IsValid(index);

    protected override long EstimatedDataSize => _tagStream.EstimatedLength;

    protected override void WriteValues(IArrowArray array, int offset, int count)
    {
        var union = (DenseUnionArray)array;
        var typeIds = union.TypeIds;
        var valueOffsets = union.ValueOffsets;
        var hasNulls = MayHaveNulls(union);
        var end = offset + count;
        var i = offset;
        while (i < end)
        {
            if (hasNulls && !IsRowValid(union, i))
            {
                i++;
                continue;
            }
            var child = ChildOf(typeIds[i]);
            _tags.Write((byte)child);
            // consecutive rows of one child with consecutive offsets go down as one run
            var first = valueOffsets[i];
            var run = 1;
            while (i + run < end && typeIds[i + run] == typeIds[i] && valueOffsets[i + run] == first + run
                && (!hasNulls || IsRowValid(union, i + run)))
            {
                _tags.Write((byte)child);
                run++;
            }
            Children[child].Write(union.Fields[child], first, run);
            i += run;
        }
    }

    private int ChildOf(byte typeId)
    {
        var child = typeId < _childByTypeId.Length ? _childByTypeId[typeId] : -1;
        return child >= 0 ? child : throw new ArgumentException($"column {ColumnId}: union type id {typeId} is not in the union's type");
    }

    protected override void RecordDataPositions(RowGroupEntry entry) => _tags.RecordPosition(entry.Data);

    protected override ColumnEncoding FlushData(StripeSink sink)
    {
        _tags.Flush();
        sink.AddData(Proto.Stream.Types.Kind.Data, ColumnId, _tagStream);
        return Direct;
    }

    protected override void ResetData() => _tagStream.Reset();

    protected override void DisposeData() => _tagStream.Dispose();
}
