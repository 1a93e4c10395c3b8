using Apache.Arrow;
using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>SHORT, INT, LONG: DATA is signed integer RLE v2.</summary>
internal sealed class IntegerColumnWriter : ColumnWriter
{
    private readonly CompressedOutStream _dataStream;
    private readonly IntegerRleV2Encoder _data;
    private readonly IntegerStatisticsBuilder _statistics;

    public IntegerColumnWriter(int columnId, WriterContext context)
        : base(columnId, context, new IntegerStatisticsBuilder())
    {
        _statistics = (IntegerStatisticsBuilder)Statistics;
        _dataStream = context.CreateStream();
        _data = new IntegerRleV2Encoder(_dataStream, signed: true);
    }

    protected override long EstimatedDataSize => _dataStream.EstimatedLength;

    protected override void WriteValues(IArrowArray array, int offset, int count)
    {
        switch (array)
        {
            case Int16Array a:
                Write(a, a.Values, offset, count);
                break;
            case Int32Array a:
                Write(a, a.Values, offset, count);
                break;
            case Int64Array a:
                Write(a, a.Values, offset, count);
                break;
            default:
                throw new ArgumentException($"column {ColumnId}: expected an Int16, Int32 or Int64 array, got {array.Data.DataType.Name}", nameof(array));
        }
    }

    private void Write<T>(IArrowArray array, ReadOnlySpan<T> values, int offset, int count)
        where T : struct, System.Numerics.IBinaryInteger<T>
    {
        var hasNulls = array.NullCount > 0;
        for (var i = offset; i < offset + count; i++)
        {
            if (hasNulls && array.IsNull(i)) continue;
            var value = long.CreateTruncating(values[i]);
            _data.Write(value);
            _statistics.Update(value);
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
