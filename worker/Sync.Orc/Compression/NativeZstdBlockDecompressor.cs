namespace Sync.Orc.Compression;

/// <summary>
/// Zstandard frames, one per chunk, decoded by native libzstd through ZstdNet: about twice the managed port's speed,
/// which matters because ZSTD decompression is most of the CPU of a ZSTD file's scan. Used only when
/// <see cref="NativeZstd.IsAvailable"/>.
/// </summary>
internal sealed class NativeZstdBlockDecompressor : BlockDecompressor
{
    private readonly ZstdNet.Decompressor _decompressor = new();

    public override int? DecompressedLength(ReadOnlySpan<byte> source) => ZstdFrame.ContentSize(source);

    public override int Decompress(byte[] source, int offset, int count, Span<byte> destination)
    {
        try
        {
            // no size precheck: the caller sized the destination from the header or the block size, and libzstd
            // reports a frame that does not fit as an error instead of writing past it
            return _decompressor.Unwrap(new ReadOnlySpan<byte>(source, offset, count), destination, bufferSizePrecheck: false);
        }
        catch (ZstdNet.ZstdException ex)
        {
            throw new InvalidDataException($"corrupt zstd block: {ex.Message}", ex);
        }
    }

    public override void Dispose() => _decompressor.Dispose();
}
