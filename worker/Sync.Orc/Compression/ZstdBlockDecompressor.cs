using ZstdSharp;

namespace Sync.Orc.Compression;

/// <summary>Zstandard frames, one per chunk.</summary>
internal sealed class ZstdBlockDecompressor : BlockDecompressor
{
    private readonly Decompressor _decompressor = new();

    public override int? DecompressedLength(ReadOnlySpan<byte> source)
    {
        try
        {
            var size = Decompressor.GetDecompressedSize(source);
            return size is > 0 and <= int.MaxValue ? (int)size : null;
        }
        catch (ZstdException)
        {
            return null;
        }
    }

    public override int Decompress(byte[] source, int offset, int count, Span<byte> destination)
    {
        try
        {
            if (!_decompressor.TryUnwrap(new ReadOnlySpan<byte>(source, offset, count), destination, out var written))
            {
                throw new InvalidDataException($"zstd block decompresses to more than {destination.Length} bytes");
            }
            return written;
        }
        catch (ZstdException ex)
        {
            throw new InvalidDataException($"corrupt zstd block: {ex.Message}", ex);
        }
    }
}
