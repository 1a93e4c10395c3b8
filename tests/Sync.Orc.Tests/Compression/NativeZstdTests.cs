using Sync.Orc.Compression;
using Sync.Orc.Tests.Support;

namespace Sync.Orc.Tests.Compression;

/// <summary>Native libzstd (ZstdNet) and its fallback, the managed ZstdSharp port: same bytes, same errors.</summary>
public class NativeZstdTests
{
    public static TheoryData<bool> Decoders => new() { true, false };

    [NativeZstdShippedFact]
    public void IsAvailable_IsTrue_WhenPackageShipsLibraryForThisPlatform()
    {
        Assert.True(NativeZstd.IsAvailable);
        Assert.IsType<NativeZstdBlockDecompressor>(BlockDecompressor.Create(OrcCompression.Zstd));
        Assert.Equal("native libzstd (ZstdNet)", NativeZstd.DecoderName(allowNative: true));
    }

    [Fact]
    public void Create_ReturnsManagedDecompressor_WhenNativeZstdIsOff()
    {
        using var codec = BlockDecompressor.Create(OrcCompression.Zstd, nativeZstd: false);

        Assert.IsType<ZstdBlockDecompressor>(codec);
        Assert.Equal("managed (ZstdSharp.Port)", NativeZstd.DecoderName(allowNative: false));
    }

    [Fact]
    public void CanLoad_ReturnsFalse_WhenNativeLibraryCannotBeLoaded()
    {
        Assert.False(NativeZstd.CanLoad(() => throw new DllNotFoundException("libzstd")));
        Assert.False(NativeZstd.CanLoad(() => throw new EntryPointNotFoundException("ZSTD_decompressDCtx")));
        Assert.False(NativeZstd.CanLoad(() => throw new BadImageFormatException("wrong architecture")));
        Assert.False(NativeZstd.CanLoad(() => throw new TypeInitializationException("ZstdNet.ExternMethods", new DllNotFoundException())));
        Assert.False(NativeZstd.CanLoad(() => false));
        Assert.True(NativeZstd.CanLoad(() => true));
    }

    [Fact]
    public void CanLoad_Throws_WhenProbeFailsForAnotherReason()
    {
        Assert.Throws<InvalidOperationException>(() => NativeZstd.CanLoad(() => throw new InvalidOperationException("a bug, not a missing library")));
    }

    [Fact]
    public void Decompress_GivesSameBytes_WithNativeAndManagedDecoders()
    {
        var random = new Random(5);
        foreach (var level in new[] { 1, 3, 19 })
        {
            var text = new byte[100_000];
            for (var i = 0; i < text.Length; i++) text[i] = (byte)("abcdefgh #0123"[random.Next(14)]);
            using var compressor = new ZstdSharp.Compressor(level);
            var frame = compressor.Wrap(text).ToArray();

            using var native = new NativeZstdBlockDecompressor();
            using var managed = new ZstdBlockDecompressor();
            var a = new byte[text.Length];
            var b = new byte[text.Length];

            Assert.Equal(text.Length, native.DecompressedLength(frame));
            Assert.Equal(text.Length, native.Decompress(frame, 0, frame.Length, a));
            Assert.Equal(text.Length, managed.Decompress(frame, 0, frame.Length, b));
            Assert.Equal(text, a);
            Assert.Equal(text, b);
        }
    }

    [Theory]
    [MemberData(nameof(Decoders))]
    public void Decompress_ThrowsInvalidDataException_WhenFrameIsCorrupt(bool native)
    {
        using var compressor = new ZstdSharp.Compressor();
        var frame = compressor.Wrap(new byte[5000]).ToArray();
        frame[0] ^= 0xFF; // the magic number
        using var codec = native ? (BlockDecompressor)new NativeZstdBlockDecompressor() : new ZstdBlockDecompressor();

        Assert.Throws<InvalidDataException>(() => codec.Decompress(frame, 0, frame.Length, new byte[5000]));
    }

    [Theory]
    [MemberData(nameof(Decoders))]
    public void Decompress_ThrowsInvalidDataException_WhenDestinationIsTooSmall(bool native)
    {
        using var compressor = new ZstdSharp.Compressor();
        var frame = compressor.Wrap(new byte[5000]).ToArray();
        using var codec = native ? (BlockDecompressor)new NativeZstdBlockDecompressor() : new ZstdBlockDecompressor();

        Assert.Throws<InvalidDataException>(() => codec.Decompress(frame, 0, frame.Length, new byte[4999]));
    }
}
