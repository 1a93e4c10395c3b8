using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>Minimum and maximum of a date column, in days since 1970-01-01.</summary>
internal sealed class DateStatisticsBuilder : StatisticsBuilder
{
    private bool _hasMinimum;
    private int _minimum;
    private int _maximum;

    public void Update(int days)
    {
        if (!_hasMinimum)
        {
            _hasMinimum = true;
            _minimum = days;
            _maximum = days;
        }
        else if (days < _minimum)
        {
            _minimum = days;
        }
        else if (days > _maximum)
        {
            _maximum = days;
        }
    }

    public override StatisticsBuilder CreateEmpty() => new DateStatisticsBuilder();

    public override void Merge(StatisticsBuilder other)
    {
        base.Merge(other);
        var o = (DateStatisticsBuilder)other;
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
        var s = new DateStatistics();
        if (_hasMinimum)
        {
            s.Minimum = _minimum;
            s.Maximum = _maximum;
        }
        statistics.DateStatistics = s;
    }
}
