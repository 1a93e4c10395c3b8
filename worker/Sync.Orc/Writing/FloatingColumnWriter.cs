using System.Buffers.Binary;
using Apache.Arrow;
using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>FLOAT and DOUBLE: DATA is the IEEE 754 values, little-endian, 4 or 8 bytes each.</summary>
internal sealed class FloatingColumnWriter : ColumnWriter
{
    private readonly CompressedOutStream _dataStream;
    private readonly DoubleStatisticsBuilder _statistics;

    public FloatingColumnWriter(int columnId, WriterContext context)
        : base(columnId, context, new DoubleStatisticsBuilder())
    {
        _statistics = (DoubleStatisticsBuilder)Statistics;
        _dataStream = context.CreateStream();
    }

    protected override long EstimatedDataSize => _dataStream.EstimatedLength;

    protected override void WriteValues(IArrowArray array, int offset, int count)
    {
        Span<byte> bytes = stackalloc byte[8];
        switch (array)
        {
            case FloatArray floats:
            {
                var values = floats.Values;
                var hasNulls = floats.NullCount > 0;
                for (var i = offset; i < offset + count; i++)
                {
                    if (hasNulls && floats.IsNull(i)) continue;
                    BinaryPrimitives.WriteSingleLittleEndian(bytes, values[i]);
                    _dataStream.Write(bytes[..4]);
                    _statistics.Update(values[i]);
                }
                break;
            }
            case DoubleArray doubles:
            {
                var values = doubles.Values;
                if (doubles.NullCount == 0 && BitConverter.IsLittleEndian)
                {
                    _dataStream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.Slice(offset, count)));
                    for (var i = offset; i < offset + count; i++) _statistics.Update(values[i]);
                    break;
                }
                for (var i = offset; i < offset + count; i++)
                {
                    if (doubles.IsNull(i)) continue;
                    BinaryPrimitives.WriteDoubleLittleEndian(bytes, values[i]);
                    _dataStream.Write(bytes);
                    _statistics.Update(values[i]);
                }
                break;
            }
            default:
                throw new ArgumentException($"column {ColumnId}: expected a Float or Double array, got {array.Data.DataType.Name}", nameof(array));
        }
    }

    protected override void RecordDataPositions(RowGroupEntry entry) => _dataStream.RecordPosition(entry.Data);

    protected override ColumnEncoding FlushData(StripeSink sink)
    {
        _dataStream.Flush();
        sink.AddData(Proto.Stream.Types.Kind.Data, ColumnId, _dataStream);
        return Direct;
    }

    protected override void ResetData() => _dataStream.Reset();

    protected override void DisposeData() => _dataStream.Dispose();
}
