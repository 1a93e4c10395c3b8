using Sync.Orc.Encoding;
using Sync.Orc.Tests.Support;

namespace Sync.Orc.Tests.Encoding;

public class BooleanRleDecoderTests
{
    [Fact]
    public void Next_ReadsBitsMostSignificantFirst_WhenLiteralByte()
    {
        var decoder = new BooleanRleDecoder(Streams.Of(0xff, 0x80));
        var values = new byte[8];
        decoder.Next(values);
        Assert.Equal([1, 0, 0, 0, 0, 0, 0, 0], values);
    }

    [Fact]
    public void Next_KeepsLeftoverBits_WhenCallsSplitAByte()
    {
        // run of 3 bytes 0b10110000 then literal 0xff
        var decoder = new BooleanRleDecoder(Streams.Of(0x00, 0xb0, 0xff, 0xff));
        var a = new byte[3];
        var b = new byte[19];
        var c = new byte[8];
        decoder.Next(a);
        decoder.Next(b);
        decoder.Next(c);
        Assert.Equal([1, 0, 1], a);
        Assert.Equal([1, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0], b);
        Assert.Equal([0, 0, 1, 1, 1, 1, 1, 1], c);
    }
}
