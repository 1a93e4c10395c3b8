using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>
/// Minimum and maximum of a timestamp column. The proto holds milliseconds (the writer zone is UTC, so local and
/// UTC bounds agree) plus the sub-millisecond nanoseconds stored as value + 1, as Apache ORC does.
/// </summary>
internal sealed class TimestampStatisticsBuilder : StatisticsBuilder
{
    private const long NanosPerMilli = 1_000_000;
    private MinMax<long> _bounds;

    /// <summary>Adds a value in nanoseconds since the epoch.</summary>
    public void Update(long epochNanos)
    {
        _bounds.Update(epochNanos);
    }

    public override StatisticsBuilder CreateEmpty() => new TimestampStatisticsBuilder();

    public override void Merge(StatisticsBuilder other)
    {
        base.Merge(other);
        var o = (TimestampStatisticsBuilder)other;
        _bounds.Merge(o._bounds);
    }

    public override void Reset()
    {
        base.Reset();
        _bounds.Reset();
    }

    protected override void Fill(ColumnStatistics statistics)
    {
        var s = new TimestampStatistics();
        if (_bounds.HasValue)
        {
            var minMillis = Math.DivRem(_bounds.Minimum, NanosPerMilli, out var minNanos);
            if (minNanos < 0)
            {
                minMillis--;
                minNanos += NanosPerMilli;
            }
            var maxMillis = Math.DivRem(_bounds.Maximum, NanosPerMilli, out var maxNanos);
            if (maxNanos < 0)
            {
                maxMillis--;
                maxNanos += NanosPerMilli;
            }
            s.Minimum = minMillis;
            s.Maximum = maxMillis;
            s.MinimumUtc = minMillis;
            s.MaximumUtc = maxMillis;
            s.MinimumNanos = (int)minNanos + 1;
            s.MaximumNanos = (int)maxNanos + 1;
        }
        statistics.TimestampStatistics = s;
    }
}
