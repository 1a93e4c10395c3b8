using Apache.Arrow;
using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>
/// TIMESTAMP and TIMESTAMP_INSTANT. DATA holds seconds since 2015-01-01 00:00:00 (UTC, the writer zone) as signed
/// RLE v2, SECONDARY the nanoseconds with their trailing decimal zeros folded into the low 3 bits. Seconds of
/// pre-1970 values with a fraction above 999,999 ns are stored rounded toward zero, which readers undo.
/// </summary>
internal sealed class TimestampColumnWriter : ColumnWriter
{
    /// <summary>2015-01-01 00:00:00 UTC in seconds since the Unix epoch.</summary>
    public const long OrcEpochSeconds = 1_420_070_400;
    private const long NanosPerSecond = 1_000_000_000;

    private readonly CompressedOutStream _secondsStream;
    private readonly CompressedOutStream _nanosStream;
    private readonly IntegerRleV2Encoder _seconds;
    private readonly IntegerRleV2Encoder _nanos;
    private readonly TimestampStatisticsBuilder _statistics;
    private readonly long _nanosPerUnit;

    public TimestampColumnWriter(int columnId, WriterContext context, Apache.Arrow.Types.TimeUnit unit)
        : base(columnId, context, new TimestampStatisticsBuilder())
    {
        _statistics = (TimestampStatisticsBuilder)Statistics;
        _secondsStream = context.CreateStream();
        _nanosStream = context.CreateStream();
        _seconds = new IntegerRleV2Encoder(_secondsStream, signed: true);
        _nanos = new IntegerRleV2Encoder(_nanosStream, signed: false);
        _nanosPerUnit = unit switch
        {
            Apache.Arrow.Types.TimeUnit.Second => NanosPerSecond,
            Apache.Arrow.Types.TimeUnit.Millisecond => 1_000_000,
            Apache.Arrow.Types.TimeUnit.Microsecond => 1_000,
            _ => 1,
        };
    }

    protected override long EstimatedDataSize => _secondsStream.EstimatedLength + _nanosStream.EstimatedLength;

    protected override void WriteValues(IArrowArray array, int offset, int count)
    {
        var timestamps = (TimestampArray)array;
        var values = timestamps.Values;
        var hasNulls = timestamps.NullCount > 0;
        for (var i = offset; i < offset + count; i++)
        {
            if (hasNulls && timestamps.IsNull(i)) continue;
            var epochNanos = values[i] * _nanosPerUnit;
            var seconds = Math.DivRem(epochNanos, NanosPerSecond, out var nanos);
            if (nanos < 0)
            {
                seconds--;
                nanos += NanosPerSecond;
            }
            // readers take one second off negative seconds whose nanos exceed 999,999
            var stored = seconds < 0 && nanos > 999_999 ? seconds + 1 : seconds;
            _seconds.Write(stored - OrcEpochSeconds);
            _nanos.Write(FormatNanos((int)nanos));
            _statistics.Update(epochNanos);
        }
    }

    /// <summary>Nanoseconds with up to 7 trailing decimal zeros dropped; the low 3 bits say how many, minus one.</summary>
    public static long FormatNanos(int nanos)
    {
        if (nanos == 0) return 0;
        if (nanos % 100 != 0) return (long)nanos << 3;
        nanos /= 100;
        var trailingZeros = 1;
        while (nanos % 10 == 0 && trailingZeros < 7)
        {
            nanos /= 10;
            trailingZeros++;
        }
        return (long)nanos << 3 | (long)trailingZeros;
    }

    protected override void RecordDataPositions(RowGroupEntry entry)
    {
        _seconds.RecordPosition(entry.Data);
        _nanos.RecordPosition(entry.Data);
    }

    protected override ColumnEncoding FlushData(StripeSink sink)
    {
        _seconds.Flush();
        _nanos.Flush();
        sink.AddData(Proto.Stream.Types.Kind.Data, ColumnId, _secondsStream);
        sink.AddData(Proto.Stream.Types.Kind.Secondary, ColumnId, _nanosStream);
        return DirectV2;
    }

    protected override void ResetData()
    {
        _secondsStream.Reset();
        _nanosStream.Reset();
    }

    protected override void DisposeData()
    {
        _secondsStream.Dispose();
        _nanosStream.Dispose();
    }
}
