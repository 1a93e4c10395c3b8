using Sync.Orc.Encoding;
using Sync.Orc.Tests.Support;

namespace Sync.Orc.Tests.Encoding;

/// <summary>The byte sequences are the worked examples of the ORC specification.</summary>
public class IntRleV2DecoderTests
{
    [Fact]
    public void Next_RepeatsValue_WhenShortRepeat()
    {
        var values = Streams.Longs(new IntRleV2Decoder(Streams.Of(0x0a, 0x27, 0x10), signed: false), 5);
        Assert.Equal([10000, 10000, 10000, 10000, 10000], values);
    }

    [Fact]
    public void Next_UnpacksBits_WhenDirect()
    {
        var values = Streams.Longs(new IntRleV2Decoder(Streams.Of(0x5e, 0x03, 0x5c, 0xa1, 0xab, 0x1e, 0xde, 0xad, 0xbe, 0xef), signed: false), 4);
        Assert.Equal([23713, 43806, 57005, 48879], values);
    }

    [Fact]
    public void Next_AppliesPatches_WhenPatchedBase()
    {
        byte[] bytes =
        [
            0x8e, 0x13, 0x2b, 0x21, 0x07, 0xd0, 0x1e, 0x00, 0x14, 0x70, 0x28, 0x32, 0x3c, 0x46, 0x50, 0x5a, 0x64, 0x6e,
            0x78, 0x82, 0x8c, 0x96, 0xa0, 0xaa, 0xb4, 0xbe, 0xfc, 0xe8,
        ];
        var values = Streams.Longs(new IntRleV2Decoder(Streams.Of(bytes), signed: false), 20);
        Assert.Equal([2030, 2000, 2020, 1000000, 2040, 2050, 2060, 2070, 2080, 2090, 2100, 2110, 2120, 2130, 2140, 2150, 2160, 2170, 2180, 2190], values);
    }

    [Fact]
    public void Next_AccumulatesDeltas_WhenDelta()
    {
        var values = Streams.Longs(new IntRleV2Decoder(Streams.Of(0xc6, 0x09, 0x02, 0x02, 0x22, 0x42, 0x42, 0x46), signed: false), 10);
        Assert.Equal([2, 3, 5, 7, 11, 13, 17, 19, 23, 29], values);
    }

    [Fact]
    public void Next_ProducesFixedStep_WhenDeltaWidthIsZero()
    {
        // delta, width 0, 5 values, base zigzag(-3) = 5, step zigzag(-2) = 3
        var values = Streams.Longs(new IntRleV2Decoder(Streams.Of(0xc0, 0x04, 0x05, 0x03), signed: true), 5);
        Assert.Equal([-3, -5, -7, -9, -11], values);
    }

    [Fact]
    public void Next_UndoesZigZag_WhenSignedDirect()
    {
        // direct, width 8 (code 7), 3 values: zigzag 1, 2, 255 -> -1, 1, -128
        var values = Streams.Longs(new IntRleV2Decoder(Streams.Of(0x4e, 0x02, 0x01, 0x02, 0xff), signed: true), 3);
        Assert.Equal([-1, 1, -128], values);
    }

    [Fact]
    public void Next_ThrowsOrcFormatException_WhenPackedValuesAreTruncated()
    {
        Assert.Throws<OrcFormatException>(() => Streams.Longs(new IntRleV2Decoder(Streams.Of(0x5e, 0x03, 0x5c, 0xa1), signed: false), 4));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(23, 24)]
    [InlineData(24, 26)]
    [InlineData(27, 32)]
    [InlineData(31, 64)]
    public void DecodeBitWidth_MapsCode_ToWidth(int code, int width) => Assert.Equal(width, RleV2BitWidths.Decode(code));
}
