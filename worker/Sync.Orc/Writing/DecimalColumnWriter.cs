using System.Buffers.Binary;
using Apache.Arrow;
using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>
/// DECIMAL as Apache ORC's Java writer stores it: DATA holds each unscaled value as an unbounded zigzag varint,
/// SECONDARY the scale of each value (the column's) as signed integer RLE v2.
/// </summary>
internal sealed class DecimalColumnWriter : ColumnWriter
{
    private readonly CompressedOutStream _dataStream;
    private readonly CompressedOutStream _scaleStream;
    private readonly IntegerRleV2Encoder _scales;
    private readonly DecimalStatisticsBuilder _statistics;
    private readonly int _scale;

    public DecimalColumnWriter(int columnId, WriterContext context, int scale)
        : base(columnId, context, new DecimalStatisticsBuilder(scale))
    {
        _scale = scale;
        _statistics = (DecimalStatisticsBuilder)Statistics;
        _dataStream = context.CreateStream();
        _scaleStream = context.CreateStream();
        _scales = new IntegerRleV2Encoder(_scaleStream, signed: true);
    }

    protected override long EstimatedDataSize => _dataStream.EstimatedLength + _scaleStream.EstimatedLength;

    protected override void WriteValues(IArrowArray array, int offset, int count)
    {
        var decimals = (Decimal128Array)array;
        var buffer = decimals.ValueBuffer.Span;
        var hasNulls = decimals.NullCount > 0;
        for (var i = offset; i < offset + count; i++)
        {
            if (hasNulls && decimals.IsNull(i)) continue;
            var at = (decimals.Offset + i) * 16;
            var low = BinaryPrimitives.ReadUInt64LittleEndian(buffer.Slice(at, 8));
            var high = BinaryPrimitives.ReadUInt64LittleEndian(buffer.Slice(at + 8, 8));
            var value = (Int128)new UInt128(high, low);
            if (value == (long)value) EncodingUtils.WriteVarInt(_dataStream, (long)value);
            else EncodingUtils.WriteVarInt128(_dataStream, value);
            _scales.Write(_scale);
            _statistics.Update(value);
        }
    }

    protected override void RecordDataPositions(RowGroupEntry entry)
    {
        _dataStream.RecordPosition(entry.Data);
        _scales.RecordPosition(entry.Data);
    }

    protected override ColumnEncoding FlushData(StripeSink sink)
    {
        _dataStream.Flush();
        _scales.Flush();
        sink.AddData(Proto.Stream.Types.Kind.Data, ColumnId, _dataStream);
        sink.AddData(Proto.Stream.Types.Kind.Secondary, ColumnId, _scaleStream);
        return DirectV2;
    }

    protected override void ResetData()
    {
        _dataStream.Reset();
        _scaleStream.Reset();
    }

    protected override void DisposeData()
    {
        _dataStream.Dispose();
        _scaleStream.Dispose();
    }
}
