using ZstdSharp;

namespace Sync.Orc.Compression;

/// <summary>Reads a Zstandard frame header; shared by the native and managed ZSTD decompressors.</summary>
internal static class ZstdFrame
{
    /// <summary>The content size the frame header records, or null when it records none (or the header is bad).</summary>
    public static int? ContentSize(ReadOnlySpan<byte> frame)
    {
        try
        {
            var size = Decompressor.GetDecompressedSize(frame);
            return size is > 0 and <= int.MaxValue ? (int)size : null;
        }
        catch (ZstdException)
        {
            return null;
        }
    }
}
