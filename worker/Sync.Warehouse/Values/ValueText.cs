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
        int n;
        // Most decimals fit 64 bits, whose formatting is several times cheaper than UInt128's.
        if (magnitude <= ulong.MaxValue) ((ulong)magnitude).TryFormat(digits, out n, default, CultureInfo.InvariantCulture);
        else magnitude.TryFormat(digits, out n, default, CultureInfo.InvariantCulture);
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
    /// <remarks>Digits are written by hand: a custom DateTime format string is parsed on every call, which cost more
    /// than any other value of the load benchmark's rows.</remarks>
    public static bool TryFormatDate(int daysSinceEpoch, Span<char> destination, out int written)
    {
        written = 0;
        var dayNumber = (long)daysSinceEpoch + UnixEpochDayNumber;
        if (dayNumber < DateOnly.MinValue.DayNumber || dayNumber > DateOnly.MaxValue.DayNumber || destination.Length < 10) return false;
        WriteDate(DateOnly.FromDayNumber((int)dayNumber), destination);
        written = 10;
        return true;
    }

    /// <summary>
    /// 'yyyy-MM-dd HH:mm:ss.f…' (no fraction for 0 digits, else 3 for 3 and 6 for any other count; truncated, not rounded)
    /// for a count of <paramref name="unitsPerSecond"/> since the epoch; false when outside years 1..9999.
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
        var digits = fractionDigits switch { 0 => 0, 3 => 3, _ => 6 };
        var length = 19 + (digits == 0 ? 0 : 1 + digits);
        if (destination.Length < length) return false;
        var day = (long)(absolute / TimeSpan.TicksPerDay);
        var tickOfDay = (long)(absolute % TimeSpan.TicksPerDay);
        WriteDate(DateOnly.FromDayNumber((int)day), destination);
        destination[10] = ' ';
        var seconds = tickOfDay / TimeSpan.TicksPerSecond;
        WriteDigits(destination.Slice(11, 2), seconds / 3600);
        destination[13] = ':';
        WriteDigits(destination.Slice(14, 2), seconds / 60 % 60);
        destination[16] = ':';
        WriteDigits(destination.Slice(17, 2), seconds % 60);
        if (digits > 0)
        {
            destination[19] = '.';
            var fraction = tickOfDay % TimeSpan.TicksPerSecond; // 100 ns units, 7 digits
            WriteDigits(destination.Slice(20, digits), digits == 3 ? fraction / 10_000 : fraction / 10);
        }
        written = length;
        return true;
    }

    private static void WriteDate(DateOnly date, Span<char> destination)
    {
        var (year, month, day) = date;
        WriteDigits(destination[..4], year);
        destination[4] = '-';
        WriteDigits(destination.Slice(5, 2), month);
        destination[7] = '-';
        WriteDigits(destination.Slice(8, 2), day);
    }

    /// <summary>Fills <paramref name="destination"/> with <paramref name="value"/>'s last digits, zero-padded.</summary>
    private static void WriteDigits(Span<char> destination, long value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }
}
