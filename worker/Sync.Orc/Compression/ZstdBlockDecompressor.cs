using ZstdSharp;

namespace Sync.Orc.Compression;

/// <summary>Zstandard frames, one per chunk, decoded by the managed ZstdSharp port (the fallback to <see cref="NativeZstdBlockDecompressor"/>).</summary>
internal sealed class ZstdBlockDecompressor : BlockDecompressor
{
    private readonly Decompressor _decompressor = new();

    public override int? DecompressedLength(ReadOnlySpan<byte> source) => ZstdFrame.ContentSize(source);

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

    public override void Dispose() => _decompressor.Dispose();
}
