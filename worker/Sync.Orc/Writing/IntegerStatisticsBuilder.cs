using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>Minimum, maximum and sum of an integer column; the sum is left out once it overflows.</summary>
internal sealed class IntegerStatisticsBuilder : StatisticsBuilder
{
    private bool _hasMinimum;
    private long _minimum;
    private long _maximum;
    private long _sum;
    private bool _overflow;

    public void Update(long value)
    {
        if (!_hasMinimum)
        {
            _hasMinimum = true;
            _minimum = value;
            _maximum = value;
        }
        else if (value < _minimum)
        {
            _minimum = value;
        }
        else if (value > _maximum)
        {
            _maximum = value;
        }
        if (!_overflow)
        {
            var sum = unchecked(_sum + value);
            // overflow when both operands share a sign the result does not
            _overflow = ((_sum ^ sum) & (value ^ sum)) < 0;
            _sum = sum;
        }
    }

    public override StatisticsBuilder CreateEmpty() => new IntegerStatisticsBuilder();

    public override void Merge(StatisticsBuilder other)
    {
        base.Merge(other);
        var o = (IntegerStatisticsBuilder)other;
        if (o._hasMinimum)
        {
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
        if (o._overflow)
        {
            _overflow = true;
        }
        else if (!_overflow)
        {
            var sum = unchecked(_sum + o._sum);
            _overflow = ((_sum ^ sum) & (o._sum ^ sum)) < 0;
            _sum = sum;
        }
    }

    public override void Reset()
    {
        base.Reset();
        _hasMinimum = false;
        _minimum = 0;
        _maximum = 0;
        _sum = 0;
        _overflow = false;
    }

    protected override void Fill(ColumnStatistics statistics)
    {
        var s = new IntegerStatistics();
        if (_hasMinimum)
        {
            s.Minimum = _minimum;
            s.Maximum = _maximum;
        }
        if (!_overflow) s.Sum = _sum;
        statistics.IntStatistics = s;
    }
}
