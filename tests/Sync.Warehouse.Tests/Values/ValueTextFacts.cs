using System.Globalization;
using Sync.Warehouse.Values;

namespace Sync.Warehouse.Tests.Values;

public class ValueTextFacts
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(6)]
    public void TryFormatTimestamp_MatchesDateTimeText_ForRandomInstantsAndUnits(int fractionDigits)
    {
        var random = new Random(5 + fractionDigits);
        var format = fractionDigits switch { 0 => "yyyy-MM-dd HH:mm:ss", 3 => "yyyy-MM-dd HH:mm:ss.fff", _ => "yyyy-MM-dd HH:mm:ss.ffffff" };
        Span<char> text = stackalloc char[32];
        foreach (var unitsPerSecond in new[] { 1L, 1_000L, 1_000_000L, 1_000_000_000L })
        {
            for (var i = 0; i < 20_000; i++)
            {
                // Years 1..9999, both sides of the epoch, and the extremes.
                var ticks = i switch { 0 => DateTime.MinValue.Ticks, 1 => DateTime.MaxValue.Ticks, _ => random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks) };
                var instant = new DateTime(ticks - (ticks % (unitsPerSecond == 1_000_000_000L ? 1 : TimeSpan.TicksPerSecond / unitsPerSecond)));
                var sinceEpoch = (Int128)(instant.Ticks - DateTime.UnixEpoch.Ticks);
                var value = unitsPerSecond == 1_000_000_000L ? (long)(sinceEpoch * 100 + random.Next(100)) : (long)(sinceEpoch / (TimeSpan.TicksPerSecond / unitsPerSecond));
                if (unitsPerSecond == 1_000_000_000L && (sinceEpoch * 100 > long.MaxValue || sinceEpoch * 100 < long.MinValue)) continue;

                Assert.True(ValueText.TryFormatTimestamp(value, unitsPerSecond, fractionDigits, text, out var n));
                Assert.Equal(instant.ToString(format, CultureInfo.InvariantCulture), text[..n].ToString());
            }
        }
    }

    [Fact]
    public void TryFormatDate_MatchesDateOnlyText_AndRefusesYearsOutside1To9999()
    {
        Span<char> text = stackalloc char[16];
        var epoch = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
        for (var day = DateOnly.MinValue.DayNumber; day <= DateOnly.MaxValue.DayNumber; day += 37)
        {
            Assert.True(ValueText.TryFormatDate(day - epoch, text, out var n));
            Assert.Equal(DateOnly.FromDayNumber(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), text[..n].ToString());
        }
        Assert.True(ValueText.TryFormatDate(DateOnly.MaxValue.DayNumber - epoch, text, out _));
        Assert.False(ValueText.TryFormatDate(DateOnly.MaxValue.DayNumber - epoch + 1, text, out _));
        Assert.False(ValueText.TryFormatDate(DateOnly.MinValue.DayNumber - epoch - 1, text, out _));
    }
}
