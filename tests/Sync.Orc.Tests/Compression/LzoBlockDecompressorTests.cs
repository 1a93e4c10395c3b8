using Sync.Orc.Compression;

namespace Sync.Orc.Tests.Compression;

public class LzoBlockDecompressorTests
{
    [Fact]
    public void DecompressBlock_CopiesLiterals_WhenBlockIsLiteralOnly()
    {
        // first byte 17 + n announces n literals; 0x11 0x00 0x00 ends the block
        byte[] block = [17 + 5, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o', 0x11, 0x00, 0x00];
        var output = new byte[64];
        var n = LzoBlockDecompressor.DecompressBlock(block, output);
        Assert.Equal("hello"u8.ToArray(), output.AsSpan(0, n).ToArray());
    }

    [Fact]
    public void DecompressBlock_CopiesOverlappingMatch_WhenM2Match()
    {
        // "abcd" then an M2 match of 8 bytes at distance 4 (0xEC: length 8, distance bits 3; next byte 0)
        byte[] block = [17 + 4, (byte)'a', (byte)'b', (byte)'c', (byte)'d', 0xEC, 0x00, 0x11, 0x00, 0x00];
        var output = new byte[64];
        var n = LzoBlockDecompressor.DecompressBlock(block, output);
        Assert.Equal("abcdabcdabcd"u8.ToArray(), output.AsSpan(0, n).ToArray());
    }

    [Fact]
    public void DecompressBlock_Throws_WhenMatchPointsBeforeStart()
    {
        byte[] block = [17 + 1, (byte)'a', 0xEC, 0x00, 0x11, 0x00, 0x00];
        Assert.Throws<InvalidDataException>(() => LzoBlockDecompressor.DecompressBlock(block, new byte[64]));
    }

    [Fact]
    public void DecompressBlock_Throws_WhenOutputWouldOverflow()
    {
        byte[] block = [17 + 5, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o', 0x11, 0x00, 0x00];
        Assert.Throws<InvalidDataException>(() => LzoBlockDecompressor.DecompressBlock(block, new byte[3]));
    }

    [Fact]
    public void DecompressBlock_Throws_WhenBlockIsTruncated()
    {
        byte[] block = [17 + 5, (byte)'h', (byte)'e'];
        Assert.Throws<InvalidDataException>(() => LzoBlockDecompressor.DecompressBlock(block, new byte[64]));
    }
}
