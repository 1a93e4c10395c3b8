using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>
/// Minimum and maximum (UTF-8 byte order) and total byte length of a string column. Bounds longer than 1024 bytes
/// are not stored whole: the minimum becomes a truncated lower bound and the maximum is left out.
/// </summary>
internal sealed class StringStatisticsBuilder : StatisticsBuilder
{
    private const int MaxStoredBound = 1024;
    private byte[]? _minimum;
    private byte[]? _maximum;
    private long _sum;

    public void Update(ReadOnlySpan<byte> value)
    {
        if (_minimum == null)
        {
            _minimum = value.ToArray();
            _maximum = _minimum;
        }
        else if (value.SequenceCompareTo(_minimum) < 0)
        {
            _minimum = value.ToArray();
        }
        else if (value.SequenceCompareTo(_maximum) > 0)
        {
            _maximum = value.ToArray();
        }
        _sum += value.Length;
    }

    public override StatisticsBuilder CreateEmpty() => new StringStatisticsBuilder();

    public override void Merge(StatisticsBuilder other)
    {
        base.Merge(other);
        var o = (StringStatisticsBuilder)other;
        if (o._minimum != null)
        {
            if (_minimum == null)
            {
                _minimum = o._minimum;
                _maximum = o._maximum;
            }
            else
            {
                if (o._minimum.AsSpan().SequenceCompareTo(_minimum) < 0) _minimum = o._minimum;
                if (o._maximum.AsSpan().SequenceCompareTo(_maximum) > 0) _maximum = o._maximum;
            }
        }
        _sum += o._sum;
    }

    public override void Reset()
    {
        base.Reset();
        _minimum = null;
        _maximum = null;
        _sum = 0;
    }

    protected override void Fill(ColumnStatistics statistics)
    {
        var s = new StringStatistics { Sum = _sum };
        if (_minimum != null)
        {
            if (_minimum.Length <= MaxStoredBound) s.Minimum = System.Text.Encoding.UTF8.GetString(_minimum);
            else s.LowerBound = System.Text.Encoding.UTF8.GetString(_minimum, 0, Utf8Prefix(_minimum, MaxStoredBound));
            if (_maximum!.Length <= MaxStoredBound) s.Maximum = System.Text.Encoding.UTF8.GetString(_maximum);
        }
        statistics.StringStatistics = s;
    }

    /// <summary>The longest prefix of at most <paramref name="limit"/> bytes that ends on a character boundary.</summary>
    private static int Utf8Prefix(byte[] value, int limit)
    {
        var end = limit;
        while (end > 0 && (value[end] & 0xC0) == 0x80) end--;
        return end;
    }
}
