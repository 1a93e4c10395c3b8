namespace Sync.Orc;

/// <summary>How <see cref="OrcWriter"/> lays out a file: codec, stripe and block sizes, row index stride, user metadata.</summary>
public sealed record OrcWriterOptions
{
    /// <summary>ZLIB, Hive's default.</summary>
    public const OrcCompression DefaultCompression = OrcCompression.Zlib;

    /// <summary>64 MiB.</summary>
    public const long DefaultStripeSize = 64L * 1024 * 1024;

    /// <summary>256 KiB.</summary>
    public const int DefaultCompressionBlockSize = 256 * 1024;

    /// <summary>10,000 rows per row group.</summary>
    public const int DefaultRowIndexStride = 10_000;

    /// <summary>The chunk header holds a 23-bit length.</summary>
    public const int MaxCompressionBlockSize = (1 << 23) - 1;

    /// <summary>Codec of every stream and of the metadata and footer. LZO cannot be written.</summary>
    public OrcCompression Compression { get; init; } = DefaultCompression;

    /// <summary>A stripe is flushed once its estimated size in bytes reaches this; at most one stripe is held in memory.</summary>
    public long StripeSize { get; init; } = DefaultStripeSize;

    /// <summary>Uncompressed bytes per compression chunk.</summary>
    public int CompressionBlockSize { get; init; } = DefaultCompressionBlockSize;

    /// <summary>Rows per row group of the row index; 0 writes no row index.</summary>
    public int RowIndexStride { get; init; } = DefaultRowIndexStride;

    /// <summary>User metadata stored in the footer (name → bytes).</summary>
    public IReadOnlyDictionary<string, byte[]> UserMetadata { get; init; } = new Dictionary<string, byte[]>();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Compression) || Compression == OrcCompression.Lzo)
        {
            throw new ArgumentOutOfRangeException(nameof(Compression), Compression, "the writer supports None, Zlib, Snappy, Lz4 and Zstd");
        }
        if (StripeSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(StripeSize), StripeSize, "must be at least 1 byte");
        }
        if (CompressionBlockSize < 1 || CompressionBlockSize > MaxCompressionBlockSize)
        {
            throw new ArgumentOutOfRangeException(nameof(CompressionBlockSize), CompressionBlockSize, $"must be between 1 and {MaxCompressionBlockSize}");
        }
        if (RowIndexStride < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RowIndexStride), RowIndexStride, "must be 0 (no row index) or more");
        }
        ArgumentNullException.ThrowIfNull(UserMetadata, nameof(UserMetadata));
    }
}
