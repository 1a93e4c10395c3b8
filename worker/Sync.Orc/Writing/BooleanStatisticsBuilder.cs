using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>Counts true values; the proto's bucket holds that one count.</summary>
internal sealed class BooleanStatisticsBuilder : StatisticsBuilder
{
    private ulong _trueCount;

    public void Update(bool value)
    {
        if (value) _trueCount++;
    }

    public override StatisticsBuilder CreateEmpty() => new BooleanStatisticsBuilder();

    public override void Merge(StatisticsBuilder other)
    {
        base.Merge(other);
        _trueCount += ((BooleanStatisticsBuilder)other)._trueCount;
    }

    public override void Reset()
    {
        base.Reset();
        _trueCount = 0;
    }

    protected override void Fill(ColumnStatistics statistics)
    {
        var bucket = new BucketStatistics();
        bucket.Count.Add(_trueCount);
        statistics.BucketStatistics = bucket;
    }
}
