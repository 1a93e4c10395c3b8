namespace Sync.Orc;

/// <summary>What a stripe footer says: streams, column encodings, writer time zone, row index sizes.</summary>
/// <param name="Stripe">The stripe's footer-level facts.</param>
/// <param name="Streams">Streams in file order.</param>
/// <param name="Encodings">Encoding per column id, e.g. DIRECT_V2 or DICTIONARY_V2[1000] (dictionary size).</param>
/// <param name="WriterTimeZone">Time zone the writer recorded, or null.</param>
/// <param name="RowIndexEntries">Row index entries per column id that has a ROW_INDEX stream.</param>
public sealed record OrcStripeDetails(
    OrcStripeInfo Stripe,
    IReadOnlyList<OrcStreamInfo> Streams,
    IReadOnlyList<string> Encodings,
    string? WriterTimeZone,
    IReadOnlyDictionary<int, int> RowIndexEntries);
