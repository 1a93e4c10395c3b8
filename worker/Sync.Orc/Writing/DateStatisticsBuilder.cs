using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>Minimum and maximum of a date column, in days since 1970-01-01.</summary>
internal sealed class DateStatisticsBuilder : StatisticsBuilder
{
    private MinMax<int> _bounds;

    public void Update(int days)
    {
        _bounds.Update(days);
    }

    public override StatisticsBuilder CreateEmpty() => new DateStatisticsBuilder();

    public override void Merge(StatisticsBuilder other)
    {
        base.Merge(other);
        var o = (DateStatisticsBuilder)other;
        _bounds.Merge(o._bounds);
    }

    public override void Reset()
    {
        base.Reset();
        _bounds.Reset();
    }

    protected override void Fill(ColumnStatistics statistics)
    {
        var s = new DateStatistics();
        if (_bounds.HasValue)
        {
            s.Minimum = _bounds.Minimum;
            s.Maximum = _bounds.Maximum;
        }
        statistics.DateStatistics = s;
    }
}
