namespace Sync.Orc;

/// <summary>Compression codecs of the ORC format; the numeric values are those of the file format.</summary>
public enum OrcCompression
{
    /// <summary>Streams are stored as they are, without chunk headers.</summary>
    None = 0,

    /// <summary>Raw deflate (RFC 1951) chunks.</summary>
    Zlib = 1,

    /// <summary>Snappy raw blocks.</summary>
    Snappy = 2,

    /// <summary>LZO1X blocks.</summary>
    Lzo = 3,

    /// <summary>LZ4 raw blocks (no frame).</summary>
    Lz4 = 4,

    /// <summary>Zstandard frames.</summary>
    Zstd = 5,
}
