using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>Fewest, most and total children of a list or map column.</summary>
internal sealed class CollectionStatisticsBuilder : StatisticsBuilder
{
    private bool _hasMinimum;
    private ulong _minimum;
    private ulong _maximum;
    private ulong _total;

    public void Update(int children)
    {
        var n = (ulong)children;
        if (!_hasMinimum)
        {
            _hasMinimum = true;
            _minimum = n;
            _maximum = n;
        }
        else if (n < _minimum)
        {
            _minimum = n;
        }
        else if (n > _maximum)
        {
            _maximum = n;
        }
        _total += n;
    }

    public override StatisticsBuilder CreateEmpty() => new CollectionStatisticsBuilder();

    public override void Merge(StatisticsBuilder other)
    {
        base.Merge(other);
        var o = (CollectionStatisticsBuilder)other;
        _total += o._total;
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
        _total = 0;
    }

    protected override void Fill(ColumnStatistics statistics)
    {
        var s = new CollectionStatistics { TotalChildren = _total };
        if (_hasMinimum)
        {
            s.MinChildren = _minimum;
            s.MaxChildren = _maximum;
        }
        statistics.CollectionStatistics = s;
    }
}
