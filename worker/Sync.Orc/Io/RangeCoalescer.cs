namespace Sync.Orc.Io;

/// <summary>Merges ranges whose gap is below a threshold, so nearby streams cost one request instead of many.</summary>
internal static class RangeCoalescer
{
    /// <summary>Returns merged ranges in offset order; every input range lies inside exactly one of them.</summary>
    public static List<ByteRange> Coalesce(IEnumerable<ByteRange> ranges, long maxGap, long maxMergedLength = int.MaxValue)
    {
        var sorted = new List<ByteRange>(ranges);
        sorted.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        var merged = new List<ByteRange>(sorted.Count);
        foreach (var r in sorted)
        {
            if (r.Length == 0) continue;
            if (merged.Count > 0)
            {
                var last = merged[^1];
                var end = Math.Max(last.End, r.End);
                if (r.Offset - last.End <= maxGap && end - last.Offset <= maxMergedLength)
                {
                    merged[^1] = new ByteRange(last.Offset, end - last.Offset);
                    continue;
                }
            }
            merged.Add(r);
        }
        return merged;
    }
}
