namespace Sync.Orc.Compression;

/// <summary>
/// Whether the native libzstd that the ZstdNet package ships (runtimes/linux-x64, linux-arm64, osx-*, win-*) loads in
/// this process. Where it does not (another platform, musl, a stripped publish), ZSTD falls back to the managed
/// ZstdSharp port: the same bytes, about half the speed.
/// </summary>
internal static class NativeZstd
{
    private static readonly Lazy<bool> LoadsHere = new(() => CanLoad(RoundTrip));

    /// <summary>True when native libzstd loaded and decoded a frame correctly; checked once per process.</summary>
    public static bool IsAvailable => LoadsHere.Value;

    /// <summary>How ZSTD chunks are decoded when native decoding is allowed, for tools that print it.</summary>
    public static string DecoderName(bool allowNative) =>
        allowNative && IsAvailable ? "native libzstd (ZstdNet)" : "managed (ZstdSharp.Port)";

    /// <summary>Runs <paramref name="probe"/>; false when it fails the way a missing or unusable native library fails.</summary>
    internal static bool CanLoad(Func<bool> probe)
    {
        try
        {
            return probe();
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException
            or TypeInitializationException or ZstdNet.ZstdException)
        {
            return false;
        }
    }

    /// <summary>Compresses a few bytes with the managed port and checks that the native library gives them back.</summary>
    private static bool RoundTrip()
    {
        ReadOnlySpan<byte> sample = "native libzstd probe, native libzstd probe"u8;
        using var compressor = new ZstdSharp.Compressor();
        var frame = compressor.Wrap(sample);
        using var decompressor = new ZstdNet.Decompressor();
        var output = new byte[sample.Length];
        var written = decompressor.Unwrap(frame, output, bufferSizePrecheck: false);
        return written == sample.Length && sample.SequenceEqual(output);
    }
}
