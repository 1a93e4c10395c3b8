namespace Sync.Orc.Compression;

/// <summary>Decompresses one ORC compression chunk; one instance per stream, not shared between threads.</summary>
internal abstract class BlockDecompressor : IDisposable
{
    /// <summary>Decompresses <paramref name="source"/> into <paramref name="destination"/> and returns the byte count.
    /// Throws <see cref="InvalidDataException"/> when the block is corrupt or larger than the destination.</summary>
    public abstract int Decompress(byte[] source, int offset, int count, Span<byte> destination);

    /// <summary>The exact decompressed size when the codec records it, otherwise null.</summary>
    public virtual int? DecompressedLength(ReadOnlySpan<byte> source) => null;

    /// <summary>
    /// The most a chunk of <paramref name="compressedLength"/> bytes can expand to, capped by the block size;
    /// codecs with a bounded ratio keep a corrupt block-size claim from forcing large buffers.
    /// </summary>
    public virtual long MaxDecompressedLength(int compressedLength, int blockSize) => blockSize;

    /// <summary>Releases the codec's native context, if it has one.</summary>
    public virtual void Dispose()
    {
    }

    /// <summary>
    /// The decompressor for <paramref name="codec"/>. ZSTD uses native libzstd when <paramref name="nativeZstd"/> allows it
    /// and the library loads here (<see cref="NativeZstd.IsAvailable"/>), otherwise the managed port.
    /// </summary>
    public static BlockDecompressor Create(OrcCompression codec, bool nativeZstd = true) => codec switch
    {
        OrcCompression.Zlib => new ZlibBlockDecompressor(),
        OrcCompression.Snappy => new SnappyBlockDecompressor(),
        OrcCompression.Lz4 => new Lz4BlockDecompressor(),
        OrcCompression.Zstd => nativeZstd && NativeZstd.IsAvailable ? new NativeZstdBlockDecompressor() : new ZstdBlockDecompressor(),
        OrcCompression.Lzo => new LzoBlockDecompressor(),
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "no decompressor for this codec"),
    };
}
