using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>
/// Statistics of one column over a row group, a stripe or the file. A column writer updates the row-group
/// builder per value; row groups merge into the stripe's, stripes into the file's.
/// </summary>
internal class StatisticsBuilder
{
    public ulong NumberOfValues { get; private set; }

    public bool HasNull { get; private set; }

    public void AddValues(int count) => NumberOfValues += (ulong)count;

    public void SetNull() => HasNull = true;

    public virtual StatisticsBuilder CreateEmpty() => new();

    public virtual void Merge(StatisticsBuilder other)
    {
        NumberOfValues += other.NumberOfValues;
        HasNull |= other.HasNull;
    }

    public virtual void Reset()
    {
        NumberOfValues = 0;
        HasNull = false;
    }

    public ColumnStatistics ToProto()
    {
        var result = new ColumnStatistics { NumberOfValues = NumberOfValues, HasNull = HasNull };
        Fill(result);
        return result;
    }

    protected virtual void Fill(ColumnStatistics statistics)
    {
    }
}
