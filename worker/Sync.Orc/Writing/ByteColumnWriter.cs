using Apache.Arrow;
using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>BYTE (tinyint): DATA is byte run-length encoded.</summary>
internal sealed class ByteColumnWriter : ColumnWriter
{
    private readonly CompressedOutStream _dataStream;
    private readonly ByteRleEncoder _data;
    private readonly IntegerStatisticsBuilder _statistics;

    public ByteColumnWriter(int columnId, WriterContext context)
        : base(columnId, context, new IntegerStatisticsBuilder())
    {
        _statistics = (IntegerStatisticsBuilder)Statistics;
        _dataStream = context.CreateStream();
        _data = new ByteRleEncoder(_dataStream);
    }

    protected override long EstimatedDataSize => _dataStream.EstimatedLength;

    protected override void WriteValues(IArrowArray array, int offset, int count)
    {
        var values = (Int8Array)array;
        var span = values.Values;
        var hasNulls = values.NullCount > 0;
        for (var i = offset; i < offset + count; i++)
        {
            if (hasNulls && values.IsNull(i)) continue;
            var value = span[i];
            _data.Write((byte)value);
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
