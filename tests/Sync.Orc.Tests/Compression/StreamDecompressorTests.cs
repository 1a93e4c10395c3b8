using System.IO.Compression;
using K4os.Compression.LZ4;
using Snappier;
using Sync.Orc.Compression;
using Sync.Orc.Encoding;

namespace Sync.Orc.Tests.Compression;

public class StreamDecompressorTests
{
    private static readonly StreamContext Context = new("test.orc", 2, 5, "DATA");

    public static TheoryData<OrcCompression> Codecs() => new() { OrcCompression.Zlib, OrcCompression.Snappy, OrcCompression.Lz4, OrcCompression.Zstd };

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Decompress_JoinsCompressedAndStoredChunks_WhenFramed(OrcCompression codec)
    {
        var first = Payload(3000, seed: 1);
        var second = Payload(700, seed: 2);
        var framed = Frame([(Compress(codec, first), false), (second, true), (Compress(codec, first), false)]);

        var decoded = StreamDecompressor.Decompress(framed, 0, framed.Length, BlockDecompressor.Create(codec), 4096, Context);

        Assert.Equal([.. first, .. second, .. first], decoded.Array.AsSpan(decoded.Offset, decoded.Length).ToArray());
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Decompress_ThrowsOrcFormatException_WhenChunkExceedsBlockSize(OrcCompression codec)
    {
        var framed = Frame([(Compress(codec, Payload(5000, seed: 3)), false)]);
        var ex = Assert.Throws<OrcFormatException>(() => StreamDecompressor.Decompress(framed, 0, framed.Length, BlockDecompressor.Create(codec), 1024, Context));
        Assert.Equal(2, ex.Stripe);
        Assert.Equal(5, ex.Column);
        Assert.Equal("DATA", ex.Stream);
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Decompress_ThrowsOrcFormatException_WhenChunkIsGarbage(OrcCompression codec)
    {
        var garbage = Payload(300, seed: 4);
        var framed = Frame([(garbage, false)]);
        Assert.Throws<OrcFormatException>(() => StreamDecompressor.Decompress(framed, 0, framed.Length, BlockDecompressor.Create(codec), 65536, Context));
    }

    [Fact]
    public void Decompress_ThrowsOrcFormatException_WhenHeaderClaimsMoreThanTheStream()
    {
        byte[] framed = [0xff, 0xff, 0x00, 1, 2, 3];
        var ex = Assert.Throws<OrcFormatException>(() => StreamDecompressor.Decompress(framed, 0, framed.Length, BlockDecompressor.Create(OrcCompression.Zlib), 65536, Context));
        Assert.Contains("passes the end", ex.Message, StringComparison.Ordinal);
    }

    private static byte[] Payload(int length, int seed)
    {
        // compressible but not trivial: words drawn from a small vocabulary
        var random = new Random(seed);
        var bytes = new byte[length];
        for (var i = 0; i < length; i++) bytes[i] = (byte)("abcdefgh    0123"[random.Next(16)]);
        return bytes;
    }

    private static byte[] Frame(IEnumerable<(byte[] Bytes, bool Original)> chunks)
    {
        var output = new MemoryStream();
        foreach (var (bytes, original) in chunks)
        {
            var header = (bytes.Length << 1) | (original ? 1 : 0);
            output.WriteByte((byte)header);
            output.WriteByte((byte)(header >> 8));
            output.WriteByte((byte)(header >> 16));
            output.Write(bytes);
        }
        return output.ToArray();
    }

    private static byte[] Compress(OrcCompression codec, byte[] data)
    {
        switch (codec)
        {
            case OrcCompression.Zlib:
            {
                var output = new MemoryStream();
                using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true)) deflate.Write(data);
                return output.ToArray();
            }
            case OrcCompression.Snappy:
                return Snappy.CompressToArray(data);
            case OrcCompression.Lz4:
            {
                var target = new byte[LZ4Codec.MaximumOutputSize(data.Length)];
                var n = LZ4Codec.Encode(data, target, LZ4Level.L00_FAST);
                return target.AsSpan(0, n).ToArray();
            }
            case OrcCompression.Zstd:
            {
                using var compressor = new ZstdSharp.Compressor();
                return compressor.Wrap(data).ToArray();
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(codec));
        }
    }
}
