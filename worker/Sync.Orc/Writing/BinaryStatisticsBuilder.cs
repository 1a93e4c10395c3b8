using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>Total byte length of a binary column.</summary>
internal sealed class BinaryStatisticsBuilder : StatisticsBuilder
{
    private long _sum;

    public void Update(int length) => _sum += length;

    public override StatisticsBuilder CreateEmpty() => new BinaryStatisticsBuilder();

    public override void Merge(StatisticsBuilder other)
    {
        base.Merge(other);
        _sum += ((BinaryStatisticsBuilder)other)._sum;
    }

    public override void Reset()
    {
        base.Reset();
        _sum = 0;
    }

    protected override void Fill(ColumnStatistics statistics) => statistics.BinaryStatistics = new BinaryStatistics { Sum = _sum };
}
