using Sync.Orc.Encoding;
using Sync.Orc.Tests.Support;

namespace Sync.Orc.Tests.Encoding;

public class ByteRleDecoderTests
{
    [Fact]
    public void Next_ExpandsRun_WhenHeaderIsNonNegative()
    {
        var decoder = new ByteRleDecoder(Streams.Of(0x61, 0x00));
        var values = new byte[100];
        decoder.Next(values);
        Assert.All(values, v => Assert.Equal(0, v));
    }

    [Fact]
    public void Next_CopiesLiterals_WhenHeaderIsNegative()
    {
        var decoder = new ByteRleDecoder(Streams.Of(0xfe, 0x44, 0x45));
        var values = new byte[2];
        decoder.Next(values);
        Assert.Equal([0x44, 0x45], values);
    }

    [Fact]
    public void Next_ContinuesAcrossCalls_WhenARunIsSplit()
    {
        var decoder = new ByteRleDecoder(Streams.Of(0x00, 0x07, 0xff, 0x09));
        var first = new byte[2];
        var second = new byte[2];
        decoder.Next(first);
        decoder.Next(second);
        Assert.Equal([7, 7], first);
        Assert.Equal([7, 9], second);
    }

    [Fact]
    public void Next_ThrowsOrcFormatException_WhenStreamEndsEarly()
    {
        var decoder = new ByteRleDecoder(Streams.Of(0xfd, 0x01));
        var ex = Assert.Throws<OrcFormatException>(() => decoder.Next(new byte[3]));
        Assert.Equal("test.orc", ex.File);
        Assert.Equal("DATA", ex.Stream);
    }
}
