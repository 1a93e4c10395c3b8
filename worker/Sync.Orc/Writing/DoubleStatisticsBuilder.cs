using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>Minimum, maximum and sum of a float or double column (NaN never becomes a bound).</summary>
internal sealed class DoubleStatisticsBuilder : StatisticsBuilder
{
    private bool _hasMinimum;
    private double _minimum;
    private double _maximum;
    private double _sum;

    public void Update(double value)
    {
        if (!double.IsNaN(value))
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
        }
        _sum += value;
    }

    public override StatisticsBuilder CreateEmpty() => new DoubleStatisticsBuilder();

    public override void Merge(StatisticsBuilder other)
    {
        base.Merge(other);
        var o = (DoubleStatisticsBuilder)other;
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
        _sum += o._sum;
    }

    public override void Reset()
    {
        base.Reset();
        _hasMinimum = false;
        _minimum = 0;
        _maximum = 0;
        _sum = 0;
    }

    protected override void Fill(ColumnStatistics statistics)
    {
        var s = new DoubleStatistics { Sum = _sum };
        if (_hasMinimum)
        {
            s.Minimum = _minimum;
            s.Maximum = _maximum;
        }
        statistics.DoubleStatistics = s;
    }
}
