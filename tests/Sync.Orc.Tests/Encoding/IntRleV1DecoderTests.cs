using Sync.Orc.Encoding;
using Sync.Orc.Tests.Support;

namespace Sync.Orc.Tests.Encoding;

public class IntRleV1DecoderTests
{
    [Fact]
    public void Next_ExpandsRunWithNegativeDelta_WhenUnsigned()
    {
        // spec example: 100 values from 100 down to 1
        var values = Streams.Longs(new IntRleV1Decoder(Streams.Of(0x61, 0xff, 0x64), signed: false), 100);
        for (var i = 0; i < 100; i++) Assert.Equal(100 - i, values[i]);
    }

    [Fact]
    public void Next_ReadsVarintLiterals_WhenHeaderIsNegative()
    {
        var values = Streams.Longs(new IntRleV1Decoder(Streams.Of(0xfb, 0x02, 0x03, 0x04, 0x07, 0x0b), signed: false), 5);
        Assert.Equal([2, 3, 4, 7, 11], values);
    }

    [Fact]
    public void Next_UndoesZigZag_WhenSigned()
    {
        // literals -1, 1, -64 (zigzag 1, 2, 127) then a run of 3 x -2 (zigzag 3)
        var values = Streams.Longs(new IntRleV1Decoder(Streams.Of(0xfd, 0x01, 0x02, 0x7f, 0x00, 0x00, 0x03), signed: true), 6);
        Assert.Equal([-1, 1, -64, -2, -2, -2], values);
    }

    [Fact]
    public void Next_ThrowsOrcFormatException_WhenVarintIsTooLong()
    {
        var bytes = new byte[] { 0xff, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 };
        Assert.Throws<OrcFormatException>(() => Streams.Longs(new IntRleV1Decoder(Streams.Of(bytes), signed: false), 1));
    }
}
