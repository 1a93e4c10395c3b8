using K4os.Compression.LZ4;

namespace Sync.Orc.Compression;

/// <summary>LZ4 raw blocks without the frame format.</summary>
internal sealed class Lz4BlockDecompressor : BlockDecompressor
{
    // an LZ4 sequence spends at least one byte per 255 bytes of match length
    public override long MaxDecompressedLength(int compressedLength, int blockSize) => Math.Min(blockSize, (compressedLength * 256L) + 64);

    public override int Decompress(byte[] source, int offset, int count, Span<byte> destination)
    {
        var n = LZ4Codec.Decode(new ReadOnlySpan<byte>(source, offset, count), destination);
        if (n < 0) throw new InvalidDataException($"corrupt LZ4 block or larger than {destination.Length} bytes");
        return n;
    }
}
