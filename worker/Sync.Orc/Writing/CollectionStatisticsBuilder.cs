using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>Fewest, most and total children of a list or map column.</summary>
internal sealed class CollectionStatisticsBuilder : StatisticsBuilder
{
    private MinMax<ulong> _bounds;
    private ulong _total;

    public void Update(int children)
    {
        var n = (ulong)children;
        _bounds.Update(n);
        _total += n;
    }

    public override StatisticsBuilder CreateEmpty() => new CollectionStatisticsBuilder();

    public override void Merge(StatisticsBuilder other)
    {
        base.Merge(other);
        var o = (CollectionStatisticsBuilder)other;
        _total += o._total;
        _bounds.Merge(o._bounds);
    }

    public override void Reset()
    {
        base.Reset();
        _bounds.Reset();
        _total = 0;
    }

    protected override void Fill(ColumnStatistics statistics)
    {
        var s = new CollectionStatistics { TotalChildren = _total };
        if (_bounds.HasValue)
        {
            s.MinChildren = _bounds.Minimum;
            s.MaxChildren = _bounds.Maximum;
        }
        statistics.CollectionStatistics = s;
    }
}
