using Snappier;

namespace Sync.Orc.Compression;

/// <summary>Snappy raw blocks; the block header records the decompressed length.</summary>
internal sealed class SnappyBlockDecompressor : BlockDecompressor
{
    public override int Decompress(byte[] source, int offset, int count, Span<byte> destination)
    {
        var src = new ReadOnlySpan<byte>(source, offset, count);
        var length = Snappy.GetUncompressedLength(src);
        if (length > destination.Length) throw new InvalidDataException($"snappy block decompresses to {length} bytes, more than {destination.Length}");
        return Snappy.Decompress(src, destination);
    }

    public override int? DecompressedLength(ReadOnlySpan<byte> source)
    {
        try
        {
            return Snappy.GetUncompressedLength(source);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            throw new InvalidDataException("snappy block has a corrupt length header", ex);
        }
    }
}
