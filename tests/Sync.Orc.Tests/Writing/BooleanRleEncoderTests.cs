using Sync.Orc.Writing;

namespace Sync.Orc.Tests.Writing;

public sealed class BooleanRleEncoderTests
{
    private static byte[] Encode(IEnumerable<bool> values)
    {
        using var stream = new CompressedOutStream(null, 1024);
        var encoder = new BooleanRleEncoder(stream);
        foreach (var v in values) encoder.Write(v);
        encoder.Flush();
        return stream.ToArray();
    }

    [Fact]
    public void Write_PacksMostSignificantBitFirst_WhenOneTrueThenFalses()
    {
        // the specification's example: true then seven false is the byte 0x80, a one-byte literal [0xff, 0x80]
        Assert.Equal(new byte[] { 0xff, 0x80 }, Encode([true, false, false, false, false, false, false, false]));
    }

    [Fact]
    public void Write_PadsLastByteWithZeros_WhenCountIsNotMultipleOfEight()
    {
        Assert.Equal(new byte[] { 0xff, 0xa0 }, Encode([true, false, true]));
    }

    [Fact]
    public void WriteTrue_MatchesSingleWrites_WhenUnaligned()
    {
        using var stream = new CompressedOutStream(null, 1024);
        var encoder = new BooleanRleEncoder(stream);
        encoder.Write(false);
        encoder.WriteTrue(100);
        encoder.Write(false);
        encoder.Flush();
        var expected = Encode(new[] { false }.Concat(Enumerable.Repeat(true, 100)).Append(false));
        Assert.Equal(expected, stream.ToArray());
    }

    [Fact]
    public void RecordPosition_CountsBitsOfOpenByte_WhenMidByte()
    {
        using var stream = new CompressedOutStream(null, 1024);
        var encoder = new BooleanRleEncoder(stream);
        for (var i = 0; i < 11; i++) encoder.Write(true);
        var positions = new List<ulong>();
        encoder.RecordPosition(positions);
        // byte offset 0, one byte pending in the RLE, 3 bits into the open byte
        Assert.Equal(new ulong[] { 0, 1, 3 }, positions);
    }
}
