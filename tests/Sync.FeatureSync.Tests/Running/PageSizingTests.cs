using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.Running;
using Sync.FeatureSync.Source;

namespace Sync.FeatureSync.Tests.Running;

public sealed class PageSizingTests
{
    [Fact]
    public void After_DoublesWhileFull_UpToTheRowCap_AndFallsBackAtAShortPage()
    {
        var sizing = new PageSizing(10_000);
        var seen = new List<int>();
        for (int i = 0; i < 6; i++)
        {
            int predicted = sizing.RowsAfterFullPage;
            sizing.After(Page(sizing.Rows, reachedLimit: true, bytesPerRow: 40));
            Assert.Equal(predicted, sizing.Rows);
            seen.Add(sizing.Rows);
        }
        // The first page only teaches the row size; then 20k, 40k, and the cap.
        Assert.Equal([10_000, 20_000, 40_000, PageSizing.MaxCatchUpRows, PageSizing.MaxCatchUpRows, PageSizing.MaxCatchUpRows], seen);

        sizing.After(Page(123, reachedLimit: false, bytesPerRow: 40));
        Assert.Equal(10_000, sizing.Rows);
    }

    [Fact]
    public void After_KeepsAPageWithinTheByteCap_ButNeverBelowTheJobsPageSize()
    {
        var wide = new PageSizing(1_000);
        for (int i = 0; i < 10; i++) wide.After(Page(wide.Rows, reachedLimit: true, bytesPerRow: 4_096));
        Assert.Equal((int)(PageSizing.MaxCatchUpBytes / 4_096), wide.Rows);

        var huge = new PageSizing(1_000);
        for (int i = 0; i < 10; i++) huge.After(Page(huge.Rows, reachedLimit: true, bytesPerRow: 1 << 20));
        Assert.Equal(1_000, huge.Rows);
    }

    private static SourcePage Page(int rows, bool reachedLimit, long bytesPerRow) =>
        new(null, rows, default, default, new DateOnly(2026, 1, 1), rows * bytesPerRow, reachedLimit, false);
}
