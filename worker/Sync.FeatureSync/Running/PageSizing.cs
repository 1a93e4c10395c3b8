using Sync.FeatureSync.Source;

namespace Sync.FeatureSync.Running;

/// <summary>
/// Rows a partition task asks for per read: the job's page size while it follows the table, doubling while it catches
/// up (every page read to its limit), since each page costs round trips and a walk to its last row however many rows
/// it holds. Capped in rows and in the memory a page's rows take (judged from the pages read before), and back to the
/// job's size at the first short page. The size after a full page is known before that page is read, so the page
/// after it can be read ahead at the size it will be asked for.
/// </summary>
internal sealed class PageSizing(int pageRows)
{
    /// <summary>Beyond this, larger pages save nothing measurable (the per-page costs are already a few percent).</summary>
    public const int MaxCatchUpRows = 65_536;

    /// <summary>Memory one page's rows may take while catching up (a few pages are held at once: read, queued, encoding).</summary>
    public const long MaxCatchUpBytes = 16L << 20;

    private readonly int _pageRows = pageRows;

    /// <summary>The largest estimated row size seen; 0 until a page has been read.</summary>
    private long _bytesPerRow;

    /// <summary>Rows to ask for next.</summary>
    public int Rows { get; private set; } = pageRows;

    /// <summary>What <see cref="Rows"/> will be after a page read to its limit.</summary>
    public int RowsAfterFullPage => _bytesPerRow == 0
        ? Rows
        : (int)Math.Max(_pageRows, Math.Min(2L * Rows, Math.Min(MaxCatchUpRows, MaxCatchUpBytes / _bytesPerRow)));

    /// <summary>Sizes the next read after <paramref name="page"/>.</summary>
    public void After(SourcePage page)
    {
        Rows = page.ReachedLimit && page.Rows > 0 ? RowsAfterFullPage : _pageRows;
        if (page.Rows > 0) _bytesPerRow = Math.Max(_bytesPerRow, Math.Max(1, page.EstimatedBytes / page.Rows));
    }
}
