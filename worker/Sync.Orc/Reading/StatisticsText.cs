using System.Globalization;
using Sync.Orc.Proto;

namespace Sync.Orc.Reading;

/// <summary>Renders the typed statistics of the footer as text.</summary>
internal static class StatisticsText
{
    public static OrcColumnStatistics Convert(int column, ColumnStatistics s)
    {
        string? min = null, max = null, sum = null;
        var c = CultureInfo.InvariantCulture;
        if (s.IntStatistics is { } i)
        {
            if (i.HasMinimum) min = i.Minimum.ToString(c);
            if (i.HasMaximum) max = i.Maximum.ToString(c);
            if (i.HasSum) sum = i.Sum.ToString(c);
        }
        else if (s.DoubleStatistics is { } d)
        {
            if (d.HasMinimum) min = d.Minimum.ToString("R", c);
            if (d.HasMaximum) max = d.Maximum.ToString("R", c);
            if (d.HasSum) sum = d.Sum.ToString("R", c);
        }
        else if (s.StringStatistics is { } st)
        {
            min = st.HasMinimum ? st.Minimum : st.HasLowerBound ? st.LowerBound : null;
            max = st.HasMaximum ? st.Maximum : st.HasUpperBound ? st.UpperBound : null;
            if (st.HasSum) sum = st.Sum.ToString(c);
        }
        else if (s.DecimalStatistics is { } de)
        {
            if (de.HasMinimum) min = de.Minimum;
            if (de.HasMaximum) max = de.Maximum;
            if (de.HasSum) sum = de.Sum;
        }
        else if (s.DateStatistics is { } da)
        {
            if (da.HasMinimum) min = DateOnly.FromDayNumber(719_162 + da.Minimum).ToString("yyyy-MM-dd", c);
            if (da.HasMaximum) max = DateOnly.FromDayNumber(719_162 + da.Maximum).ToString("yyyy-MM-dd", c);
        }
        else if (s.TimestampStatistics is { } ts)
        {
            if (ts.HasMinimumUtc) min = DateTimeOffset.FromUnixTimeMilliseconds(ts.MinimumUtc).ToString("yyyy-MM-dd HH:mm:ss.fff", c) + " UTC";
            else if (ts.HasMinimum) min = DateTimeOffset.FromUnixTimeMilliseconds(ts.Minimum).ToString("yyyy-MM-dd HH:mm:ss.fff", c);
            if (ts.HasMaximumUtc) max = DateTimeOffset.FromUnixTimeMilliseconds(ts.MaximumUtc).ToString("yyyy-MM-dd HH:mm:ss.fff", c) + " UTC";
            else if (ts.HasMaximum) max = DateTimeOffset.FromUnixTimeMilliseconds(ts.Maximum).ToString("yyyy-MM-dd HH:mm:ss.fff", c);
        }
        else if (s.BinaryStatistics is { } b)
        {
            if (b.HasSum) sum = b.Sum.ToString(c);
        }
        else if (s.BucketStatistics is { } bu && bu.Count.Count > 0)
        {
            sum = bu.Count[0].ToString(c);
        }
        return new OrcColumnStatistics(
            column,
            (long)s.NumberOfValues,
            s.HasHasNull ? s.HasNull : null,
            min,
            max,
            sum,
            s.HasBytesOnDisk ? (long)s.BytesOnDisk : null);
    }
}
