using Apache.Arrow;
using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>LIST and MAP: LENGTH holds each present row's element count; the children get the elements.</summary>
internal sealed class ListColumnWriter : ColumnWriter
{
    private readonly CompressedOutStream _lengthStream;
    private readonly IntegerRleV2Encoder _lengths;
    private readonly CollectionStatisticsBuilder _statistics;
    private readonly bool _isMap;

    public ListColumnWriter(int columnId, WriterContext context, IReadOnlyList<ColumnWriter> children, bool isMap)
        : base(columnId, context, new CollectionStatisticsBuilder(), children)
    {
        _isMap = isMap;
        _statistics = (CollectionStatisticsBuilder)Statistics;
        _lengthStream = context.CreateStream();
        _lengths = new IntegerRleV2Encoder(_lengthStream, signed: false);
    }

    protected override long EstimatedDataSize => _lengthStream.EstimatedLength;

    protected override void WriteValues(IArrowArray array, int offset, int count)
    {
        var list = (ListArray)array;
        var offsets = list.ValueOffsets;
        var hasNulls = list.NullCount > 0;
        var end = offset + count;
        var i = offset;
        while (i < end)
        {
            if (hasNulls)
            {
                while (i < end && list.IsNull(i)) i++;
            }
            var start = i;
            while (i < end && (!hasNulls || list.IsValid(i)))
            {
                var length = offsets[i + 1] - offsets[i];
                _lengths.Write(length);
                _statistics.Update(length);
                i++;
            }
            if (i > start) WriteElements(list, offsets[start], offsets[i] - offsets[start]);
        }
    }

    private void WriteElements(ListArray list, int first, int count)
    {
        if (count == 0) return;
        if (_isMap)
        {
            var map = (MapArray)list;
            Children[0].Write(map.Keys, first, count);
            Children[1].Write(map.Values, first, count);
        }
        else
        {
            Children[0].Write(list.Values, first, count);
        }
    }

    protected override void RecordDataPositions(RowGroupEntry entry) => _lengths.RecordPosition(entry.Data);

    protected override ColumnEncoding FlushData(StripeSink sink)
    {
        _lengths.Flush();
        sink.AddData(Proto.Stream.Types.Kind.Length, ColumnId, _lengthStream);
        return DirectV2;
    }

    protected override void ResetData() => _lengthStream.Reset();

    protected override void DisposeData() => _lengthStream.Dispose();
}
