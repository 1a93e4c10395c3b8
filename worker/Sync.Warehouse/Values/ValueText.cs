using System.Buffers.Binary;
using System.Globalization;

namespace Sync.Warehouse.Values;

/// <summary>Text forms of the values whose format both sinks and the JSON writer share.</summary>
internal static class ValueText
{
    private const long UnixEpochTicks = 621355968000000000L; // DateTime.UnixEpoch.Ticks
    private const int UnixEpochDayNumber = 719162; // DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber

    /// <summary>The exact digits of a Decimal128 value at <paramref name="scale"/>, e.g. -12.340.</summary>
    public static int FormatDecimal128(ReadOnlySpan<byte> littleEndian16, int scale, Span<char> destination)
    {
        var value = BinaryPrimitives.ReadInt128LittleEndian(littleEndian16);
        var negative = value < 0;
        var magnitude = negative ? (UInt128)(-(value + 1)) + 1 : (UInt128)value;
        Span<char> digits = stackalloc char[48];
        magnitude.TryFormat(digits, out var n, default, CultureInfo.InvariantCulture);
        var pos = 0;
        if (negative) destination[pos++] = '-';
        if (scale == 0)
        {
            digits[..n].CopyTo(destination[pos..]);
            return pos + n;
        }
        if (n <= scale)
        {
            destination[pos++] = '0';
            destination[pos++] = '.';
            for (var i = 0; i < scale - n; i++) destination[pos++] = '0';
            digits[..n].CopyTo(destination[pos..]);
            return pos + n;
        }
        digits[..(n - scale)].CopyTo(destination[pos..]);
        pos += n - scale;
        destination[pos++] = '.';
        digits[(n - scale)..n].CopyTo(destination[pos..]);
        return pos + scale;
    }

    /// <summary>'yyyy-MM-dd' for days since 1970-01-01; false when the year is outside 1..9999.</summary>
    public static bool TryFormatDate(int daysSinceEpoch, Span<char> destination, out int written)
    {
        written = 0;
        var dayNumber = (long)daysSinceEpoch + UnixEpochDayNumber;
        if (dayNumber < DateOnly.MinValue.DayNumber || dayNumber > DateOnly.MaxValue.DayNumber) return false;
        return DateOnly.FromDayNumber((int)dayNumber).TryFormat(destination, out written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// 'yyyy-MM-dd HH:mm:ss.f…' (fraction digits as given, truncated, not rounded) for a count of
    /// <paramref name="unitsPerSecond"/> since the epoch; false when outside years 1..9999.
    /// </summary>
    public static bool TryFormatTimestamp(long value, long unitsPerSecond, int fractionDigits, Span<char> destination, out int written)
    {
        written = 0;
        Int128 ticks = unitsPerSecond switch
        {
            1_000_000_000L => Int128.CreateChecked(Math.DivRem(value, 100L, out var rem) - (rem < 0 ? 1 : 0)),
            _ => (Int128)value * (TimeSpan.TicksPerSecond / unitsPerSecond),
        };
        var absolute = ticks + UnixEpochTicks;
        if (absolute < DateTime.MinValue.Ticks || absolute > DateTime.MaxValue.Ticks) return false;
        var format = fractionDigits switch
        {
            0 => "yyyy-MM-dd HH:mm:ss",
            3 => "yyyy-MM-dd HH:mm:ss.fff",
            _ => "yyyy-MM-dd HH:mm:ss.ffffff",
        };
        return new DateTime((long)absolute, DateTimeKind.Unspecified).TryFormat(destination, out written, format, CultureInfo.InvariantCulture);
    }
}
