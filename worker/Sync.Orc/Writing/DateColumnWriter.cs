using Apache.Arrow;
using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>DATE: DATA is days since 1970-01-01 as signed integer RLE v2.</summary>
internal sealed class DateColumnWriter : ColumnWriter
{
    private readonly CompressedOutStream _dataStream;
    private readonly IntegerRleV2Encoder _data;
    private readonly DateStatisticsBuilder _statistics;

    public DateColumnWriter(int columnId, WriterContext context)
        : base(columnId, context, new DateStatisticsBuilder())
    {
        _statistics = (DateStatisticsBuilder)Statistics;
        _dataStream = context.CreateStream();
        _data = new IntegerRleV2Encoder(_dataStream, signed: true);
    }

    protected override long EstimatedDataSize => _dataStream.EstimatedLength;

    protected override void WriteValues(IArrowArray array, int offset, int count)
    {
        var dates = (Date32Array)array;
        var values = dates.Values;
        var hasNulls = dates.NullCount > 0;
        for (var i = offset; i < offset + count; i++)
        {
            if (hasNulls && dates.IsNull(i)) continue;
            _data.Write(values[i]);
            _statistics.Update(values[i]);
        }
    }

    protected override void RecordDataPositions(RowGroupEntry entry) => _data.RecordPosition(entry.Data);

    protected override ColumnEncoding FlushData(StripeSink sink)
    {
        _data.Flush();
        sink.AddData(Proto.Stream.Types.Kind.Data, ColumnId, _dataStream);
        return DirectV2;
    }

    protected override void ResetData() => _dataStream.Reset();

    protected override void DisposeData() => _dataStream.Dispose();
}
