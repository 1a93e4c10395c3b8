namespace Sync.Orc.Encoding;

/// <summary>
/// The bit widths integer RLE v2 can pack and their 5-bit header codes (ORC specification, "Integer Run Length
/// Encoding, version 2"). One table for the reader and the writer, so the two can never disagree.
/// </summary>
internal static class RleV2BitWidths
{
    /// <summary>The width a header's 5-bit code stands for.</summary>
    public static int Decode(int code) => code switch
    {
        <= 23 => code + 1,
        24 => 26,
        25 => 28,
        26 => 30,
        27 => 32,
        28 => 40,
        29 => 48,
        30 => 56,
        _ => 64,
    };

    /// <summary>The 5-bit header code of a width (rounded up to one RLE v2 can pack first).</summary>
    public static int Encode(int width) => ClosestFixed(width) switch
    {
        <= 24 and var n => n - 1,
        26 => 24,
        28 => 25,
        30 => 26,
        32 => 27,
        40 => 28,
        48 => 29,
        56 => 30,
        _ => 31,
    };

    /// <summary>The smallest width RLE v2 can pack that holds <paramref name="bits"/> bits.</summary>
    public static int ClosestFixed(int bits) => bits switch
    {
        0 => 1,
        <= 24 => bits,
        <= 26 => 26,
        <= 28 => 28,
        <= 30 => 30,
        <= 32 => 32,
        <= 40 => 40,
        <= 48 => 48,
        <= 56 => 56,
        _ => 64,
    };
}
