using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using Sync.Orc.Encoding;
using Sync.Orc.Schema;
using Kind = Sync.Orc.Proto.Type.Types.Kind;

namespace Sync.Orc.Reading;

/// <summary>
/// timestamp: DATA = signed seconds since 2015-01-01 00:00:00 in the writer's zone, SECONDARY = nanoseconds
/// with trailing decimal zeros folded into the low 3 bits. Output is the writer's wall-clock time in
/// nanoseconds (timestamp) or the UTC instant (timestamp with local time zone, whose epoch is UTC).
/// </summary>
internal sealed class TimestampColumnReader : ColumnReader
{
    private const long Epoch2015 = 1_420_070_400;
    private const long NanosPerSecond = 1_000_000_000;
    private static readonly long[] Scales = [1, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];
    private readonly IIntegerDecoder _seconds;
    private readonly IIntegerDecoder _nanos;
    private readonly TimestampType _arrowType;
    private readonly ZoneOffsets? _zone;
    private readonly long _epoch;

    public TimestampColumnReader(OrcType type, StripeData stripe)
        : base(type, stripe)
    {
        const string reader = "TimestampColumn";
        var encoding = stripe.Encoding(type.Id);
        var v2 = IsV2(encoding);
        _seconds = IntegerDecoders.Create(Require(stripe, type, Proto.Stream.Types.Kind.Data, reader), signed: true, v2);
        _nanos = IntegerDecoders.Create(Require(stripe, type, Proto.Stream.Types.Kind.Secondary, reader), signed: false, v2);
        _arrowType = (TimestampType)ArrowSchemaMapper.ToArrowType(type);
        if (type.Kind == Kind.TimestampInstant || ZoneOffsets.IsUtc(stripe.WriterZone))
        {
            _epoch = Epoch2015;
        }
        else
        {
            _zone = new ZoneOffsets(stripe.WriterZone);
            _epoch = Epoch2015 - (long)stripe.WriterZone.GetUtcOffset(new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Unspecified)).TotalSeconds;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    protected override IArrowArray ReadValues(int length, ReadOnlySpan<byte> valid, int nullCount)
    {
        var count = length - nullCount;
        var validity = Buffers.Validity(valid, length, nullCount);
        var dst = MemoryMarshal.Cast<byte, long>(Buffers.Start(length * 8, zero: false));
        var nanosBuffer = RentLongs(count);
        try
        {
            var seconds = dst[..count];
            var nanos = nanosBuffer.AsSpan(0, count);
            _seconds.Next(seconds);
            _nanos.Next(nanos);
            for (var k = 0; k < count; k++)
            {
                var raw = nanos[k];
                var n = (raw >> 3) * Scales[(int)(raw & 7)];
                if (n is < 0 or >= NanosPerSecond) throw Error($"timestamp nanoseconds {n} out of range");
                var t = seconds[k] + _epoch;
                if (t < 0 && n > 999_999) t -= 1;
                if (_zone != null) t += _zone.OffsetSeconds(t);
                if (t is > long.MaxValue / NanosPerSecond - 1 or < (long.MinValue / NanosPerSecond) + 1)
                {
                    throw Error($"timestamp {t} s is outside the range of nanosecond timestamps (years 1677..2262)");
                }
                seconds[k] = (t * NanosPerSecond) + n;
            }
        }
        finally
        {
            Return(nanosBuffer);
        }
        if (!valid.IsEmpty)
        {
            var j = count - 1;
            for (var i = length - 1; i >= 0; i--) dst[i] = valid[i] != 0 ? dst[j--] : 0;
        }
        return new TimestampArray(_arrowType, Buffers.Build(), validity, length, nullCount, 0);
    }

    /// <summary>UTC offset of a zone at a UTC second, cached per quarter hour (zone changes fall on such boundaries).</summary>
    private sealed class ZoneOffsets(TimeZoneInfo zone)
    {
        private const long MinSeconds = -62_135_596_800 + 86_400;
        private const long MaxSeconds = 253_402_300_799 - 86_400;
        private long _bucket = long.MinValue;
        private long _offset;

        public static bool IsUtc(TimeZoneInfo zone) =>
            zone.BaseUtcOffset == TimeSpan.Zero && !zone.SupportsDaylightSavingTime && zone.GetAdjustmentRules().Length == 0;

        public long OffsetSeconds(long utcSeconds)
        {
            var bucket = Math.DivRem(utcSeconds, 900, out var rem);
            if (rem < 0) bucket--;
            if (bucket == _bucket) return _offset;
            var clamped = Math.Clamp(utcSeconds, MinSeconds, MaxSeconds);
            _offset = (long)zone.GetUtcOffset(DateTimeOffset.FromUnixTimeSeconds(clamped)).TotalSeconds;
            _bucket = bucket;
            return _offset;
        }
    }
}
