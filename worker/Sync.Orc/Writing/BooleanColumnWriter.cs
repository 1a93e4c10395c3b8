using Apache.Arrow;
using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>BOOLEAN: DATA is the values as a bit stream.</summary>
internal sealed class BooleanColumnWriter : ColumnWriter
{
    private readonly CompressedOutStream _dataStream;
    private readonly BooleanRleEncoder _data;
    private readonly BooleanStatisticsBuilder _statistics;

    public BooleanColumnWriter(int columnId, WriterContext context)
        : base(columnId, context, new BooleanStatisticsBuilder())
    {
        _statistics = (BooleanStatisticsBuilder)Statistics;
        _dataStream = context.CreateStream();
        _data = new BooleanRleEncoder(_dataStream);
    }

    protected override long EstimatedDataSize => _dataStream.EstimatedLength;

    protected override void WriteValues(IArrowArray array, int offset, int count)
    {
        var values = (BooleanArray)array;
        var hasNulls = values.NullCount > 0;
        var bits = values.ValueBuffer.Span;
        for (var i = offset; i < offset + count; i++)
        {
            if (hasNulls && values.IsNull(i)) continue;
            var value = BitUtility.GetBit(bits, values.Offset + i);
            _data.Write(value);
            _statistics.Update(value);
        }
    }

    protected override void RecordDataPositions(RowGroupEntry entry) => _data.RecordPosition(entry.Data);

    protected override ColumnEncoding FlushData(StripeSink sink)
    {
        _data.Flush();
        sink.AddData(Proto.Stream.Types.Kind.Data, ColumnId, _dataStream);
        return Direct;
    }

    protected override void ResetData() => _dataStream.Reset();

    protected override void DisposeData() => _dataStream.Dispose();
}
