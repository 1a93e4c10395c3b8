namespace Sync.Orc;

/// <summary>How an <see cref="OrcReader"/> fetches and decodes.</summary>
public sealed record OrcReaderOptions
{
    /// <summary>Ranges closer than this are fetched in one read.</summary>
    public const long DefaultCoalesceGapBytes = 1024 * 1024;

    /// <summary>Bytes read from the end of the file on open, hoping to catch the whole tail in one read.</summary>
    public const int DefaultTailReadBytes = 256 * 1024;

    /// <summary>Threads used to decompress streams and decode columns of a stripe; 1 decodes on the calling thread.</summary>
    public int Parallelism { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <inheritdoc cref="DefaultCoalesceGapBytes"/>
    public long CoalesceGapBytes { get; init; } = DefaultCoalesceGapBytes;

    /// <inheritdoc cref="DefaultTailReadBytes"/>
    public int TailReadBytes { get; init; } = DefaultTailReadBytes;

    /// <summary>
    /// For a <see cref="FileRangeSource"/>: read each selected stream a 256 KiB window at a time while decoding,
    /// instead of fetching the stripe's selected streams whole before decoding. Keeps memory independent of stripe size.
    /// </summary>
    public bool WindowedLocalReads { get; init; } = true;

    /// <summary>
    /// Decompress ZSTD with native libzstd (the ZstdNet package's binary) when it loads in this process; false, or when it
    /// cannot be loaded, uses the managed ZstdSharp port. Both decode the same bytes; native is about twice as fast.
    /// </summary>
    public bool NativeZstd { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first bad option.</summary>
    public void Validate()
    {
        if (Parallelism is < 1 or > 256) throw new ArgumentOutOfRangeException(nameof(Parallelism), Parallelism, "must be 1..256");
        if (CoalesceGapBytes < 0) throw new ArgumentOutOfRangeException(nameof(CoalesceGapBytes), CoalesceGapBytes, "must not be negative");
        if (TailReadBytes is < 1024 or > 64 * 1024 * 1024) throw new ArgumentOutOfRangeException(nameof(TailReadBytes), TailReadBytes, "must be 1 KiB..64 MiB");
    }
}
