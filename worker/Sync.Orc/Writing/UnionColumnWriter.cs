using Apache.Arrow;
using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>UNION (from a dense Arrow union, type id = tag): DATA holds each row's tag as byte RLE; the chosen child gets the value.</summary>
internal sealed class UnionColumnWriter : ColumnWriter
{
    private readonly CompressedOutStream _tagStream;
    private readonly ByteRleEncoder _tags;
    private readonly int[] _childByTypeId;

    public UnionColumnWriter(int columnId, WriterContext context, IReadOnlyList<ColumnWriter> children, IReadOnlyList<int> typeIds)
        : base(columnId, context, new StatisticsBuilder(), children)
    {
        _tagStream = context.CreateStream();
        _tags = new ByteRleEncoder(_tagStream);
        _childByTypeId = new int[128];
        System.Array.Fill(_childByTypeId, -1);
        for (var c = 0; c < typeIds.Count; c++) _childByTypeId[typeIds[c]] = c;
    }

    protected override long EstimatedDataSize => _tagStream.EstimatedLength;

    protected override void WriteValues(IArrowArray array, int offset, int count)
    {
        var union = (DenseUnionArray)array;
        var typeIds = union.TypeIds;
        var valueOffsets = union.ValueOffsets;
        var hasNulls = union.NullCount > 0;
        var end = offset + count;
        var i = offset;
        while (i < end)
        {
            if (hasNulls && union.IsNull(i))
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
                && (!hasNulls || union.IsValid(i + run)))
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
