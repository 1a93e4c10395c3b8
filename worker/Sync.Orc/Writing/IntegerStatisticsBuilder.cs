using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>Minimum, maximum and sum of an integer column; the sum is left out once it overflows.</summary>
internal sealed class IntegerStatisticsBuilder : StatisticsBuilder
{
    private MinMax<long> _bounds;
    private long _sum;
    private bool _overflow;

    public void Update(long value)
    {
        _bounds.Update(value);
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
        _bounds.Merge(o._bounds);
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
        _bounds.Reset();
        _sum = 0;
        _overflow = false;
    }

    protected override void Fill(ColumnStatistics statistics)
    {
        var s = new IntegerStatistics();
        if (_bounds.HasValue)
        {
            s.Minimum = _bounds.Minimum;
            s.Maximum = _bounds.Maximum;
        }
        if (!_overflow) s.Sum = _sum;
        statistics.IntStatistics = s;
    }
}
