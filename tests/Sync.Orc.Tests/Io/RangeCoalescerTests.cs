using Sync.Orc.Io;

namespace Sync.Orc.Tests.Io;

public class RangeCoalescerTests
{
    [Fact]
    public void Coalesce_MergesRanges_WhenGapIsBelowThreshold()
    {
        var merged = RangeCoalescer.Coalesce([new ByteRange(100, 10), new ByteRange(0, 50), new ByteRange(60, 20)], maxGap: 20);
        Assert.Equal([new ByteRange(0, 110)], merged);
    }

    [Fact]
    public void Coalesce_KeepsRangesApart_WhenGapExceedsThreshold()
    {
        var merged = RangeCoalescer.Coalesce([new ByteRange(0, 10), new ByteRange(2_000_000, 10)], maxGap: 1024 * 1024);
        Assert.Equal([new ByteRange(0, 10), new ByteRange(2_000_000, 10)], merged);
    }

    [Fact]
    public void Coalesce_DropsEmptyRanges_WhenLengthIsZero()
    {
        var merged = RangeCoalescer.Coalesce([new ByteRange(5, 0), new ByteRange(10, 5)], maxGap: 0);
        Assert.Equal([new ByteRange(10, 5)], merged);
    }
}
