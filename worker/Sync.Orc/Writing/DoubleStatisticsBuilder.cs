using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>Minimum, maximum and sum of a float or double column (NaN never becomes a bound).</summary>
internal sealed class DoubleStatisticsBuilder : StatisticsBuilder
{
    private MinMax<double> _bounds;
    private double _sum;

    public void Update(double value)
    {
        if (!double.IsNaN(value)) _bounds.Update(value);
        _sum += value;
    }

    public override StatisticsBuilder CreateEmpty() => new DoubleStatisticsBuilder();

    public override void Merge(StatisticsBuilder other)
    {
        base.Merge(other);
        var o = (DoubleStatisticsBuilder)other;
        _bounds.Merge(o._bounds);
        _sum += o._sum;
    }

    public override void Reset()
    {
        base.Reset();
        _bounds.Reset();
        _sum = 0;
    }

    protected override void Fill(ColumnStatistics statistics)
    {
        var s = new DoubleStatistics { Sum = _sum };
        if (_bounds.HasValue)
        {
            s.Minimum = _bounds.Minimum;
            s.Maximum = _bounds.Maximum;
        }
        statistics.DoubleStatistics = s;
    }
}
