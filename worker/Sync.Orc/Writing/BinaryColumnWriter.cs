using Apache.Arrow;
using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>BINARY: DATA is the bytes, LENGTH each value's length as unsigned integer RLE v2.</summary>
internal sealed class BinaryColumnWriter : ColumnWriter
{
    private readonly CompressedOutStream _dataStream;
    private readonly CompressedOutStream _lengthStream;
    private readonly IntegerRleV2Encoder _lengths;
    private readonly BinaryStatisticsBuilder _statistics;

    public BinaryColumnWriter(int columnId, WriterContext context)
        : base(columnId, context, new BinaryStatisticsBuilder())
    {
        _statistics = (BinaryStatisticsBuilder)Statistics;
        _dataStream = context.CreateStream();
        _lengthStream = context.CreateStream();
        _lengths = new IntegerRleV2Encoder(_lengthStream, signed: false);
    }

    protected override long EstimatedDataSize => _dataStream.EstimatedLength + _lengthStream.EstimatedLength;

    protected override void WriteValues(IArrowArray array, int offset, int count)
    {
        var binary = (BinaryArray)array;
        var offsets = binary.ValueOffsets;
        var bytes = binary.Values;
        var hasNulls = binary.NullCount > 0;
        for (var i = offset; i < offset + count; i++)
        {
            if (hasNulls && binary.IsNull(i)) continue;
            var length = offsets[i + 1] - offsets[i];
            _dataStream.Write(bytes.Slice(offsets[i], length));
            _lengths.Write(length);
            _statistics.Update(length);
        }
    }

    protected override void RecordDataPositions(RowGroupEntry entry)
    {
        _dataStream.RecordPosition(entry.Data);
        _lengths.RecordPosition(entry.Data);
    }

    protected override ColumnEncoding FlushData(StripeSink sink)
    {
        _dataStream.Flush();
        _lengths.Flush();
        sink.AddData(Proto.Stream.Types.Kind.Data, ColumnId, _dataStream);
        sink.AddData(Proto.Stream.Types.Kind.Length, ColumnId, _lengthStream);
        return DirectV2;
    }

    protected override void ResetData()
    {
        _dataStream.Reset();
        _lengthStream.Reset();
    }

    protected override void DisposeData()
    {
        _dataStream.Dispose();
        _lengthStream.Dispose();
    }
}
