using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>
/// Minimum and maximum of a timestamp column. The proto holds milliseconds (the writer zone is UTC, so local and
/// UTC bounds agree) plus the sub-millisecond nanoseconds stored as value + 1, as Apache ORC does.
/// </summary>
internal sealed class TimestampStatisticsBuilder : StatisticsBuilder
{
    private const long NanosPerMilli = 1_000_000;
    private bool _hasMinimum;
    private long _minimum;
    private long _maximum;

    /// <summary>Adds a value in nanoseconds since the epoch.</summary>
    public void Update(long epochNanos)
    {
        if (!_hasMinimum)
        {
            _hasMinimum = true;
            _minimum = epochNanos;
            _maximum = epochNanos;
        }
        else if (epochNanos < _minimum)
        {
            _minimum = epochNanos;
        }
        else if (epochNanos > _maximum)
        {
            _maximum = epochNanos;
        }
    }

    public override StatisticsBuilder CreateEmpty() => new TimestampStatisticsBuilder();

    public override void Merge(StatisticsBuilder other)
    {
        base.Merge(other);
        var o = (TimestampStatisticsBuilder)other;
        if (!o._hasMinimum) return;
        if (!_hasMinimum)
        {
            _hasMinimum = true;
            _minimum = o._minimum;
            _maximum = o._maximum;
        }
        else
        {
            _minimum = Math.Min(_minimum, o._minimum);
            _maximum = Math.Max(_maximum, o._maximum);
        }
    }

    public override void Reset()
    {
        base.Reset();
        _hasMinimum = false;
    }

    protected override void Fill(ColumnStatistics statistics)
    {
        var s = new TimestampStatistics();
        if (_hasMinimum)
        {
            var minMillis = Math.DivRem(_minimum, NanosPerMilli, out var minNanos);
            if (minNanos < 0)
            {
                minMillis--;
                minNanos += NanosPerMilli;
            }
            var maxMillis = Math.DivRem(_maximum, NanosPerMilli, out var maxNanos);
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
