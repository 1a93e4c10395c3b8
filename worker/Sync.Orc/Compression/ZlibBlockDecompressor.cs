using System.IO.Compression;

namespace Sync.Orc.Compression;

/// <summary>ZLIB chunks are raw deflate streams (no zlib header).</summary>
internal sealed class ZlibBlockDecompressor : BlockDecompressor
{
    // deflate cannot expand more than 1032:1
    public override long MaxDecompressedLength(int compressedLength, int blockSize) => Math.Min(blockSize, (compressedLength * 1032L) + 64);

    public override int Decompress(byte[] source, int offset, int count, Span<byte> destination)
    {
        using var input = new MemoryStream(source, offset, count, writable: false);
        using var inflater = new DeflateStream(input, CompressionMode.Decompress);
        var total = 0;
        while (total < destination.Length)
        {
            var n = inflater.Read(destination[total..]);
            if (n == 0) return total;
            total += n;
        }
        Span<byte> probe = stackalloc byte[1];
        if (inflater.Read(probe) != 0) throw new InvalidDataException($"deflate block decompresses to more than {destination.Length} bytes");
        return total;
    }
}
