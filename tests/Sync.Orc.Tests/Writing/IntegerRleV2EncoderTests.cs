using Sync.Orc.Writing;

namespace Sync.Orc.Tests.Writing;

/// <summary>The RLE v2 examples of the ORC specification, byte for byte.</summary>
public sealed class IntegerRleV2EncoderTests
{
    private static byte[] Encode(bool signed, params long[] values)
    {
        using var stream = new CompressedOutStream(null, 1024);
        var encoder = new IntegerRleV2Encoder(stream, signed);
        foreach (var v in values) encoder.Write(v);
        encoder.Flush();
        return stream.ToArray();
    }

    [Fact]
    public void Write_UsesShortRepeat_WhenFiveEqualValues()
    {
        Assert.Equal(new byte[] { 0x0a, 0x27, 0x10 }, Encode(false, 10000, 10000, 10000, 10000, 10000));
    }

    [Fact]
    public void Write_UsesDirect_WhenValuesHaveNoPattern()
    {
        Assert.Equal(
            new byte[] { 0x5e, 0x03, 0x5c, 0xa1, 0xab, 0x1e, 0xde, 0xad, 0xbe, 0xef },
            Encode(false, 23713, 43806, 57005, 48879));
    }

    [Fact]
    public void Write_UsesPatchedBase_WhenOneOutlier()
    {
        long[] values = [2030, 2000, 2020, 1000000, 2040, 2050, 2060, 2070, 2080, 2090, 2100, 2110, 2120, 2130, 2140, 2150, 2160, 2170, 2180, 2190];
        byte[] expected =
        [
            0x8e, 0x13, 0x2b, 0x21, 0x07, 0xd0, 0x1e, 0x00, 0x14, 0x70, 0x28, 0x32, 0x3c, 0x46, 0x50, 0x5a,
            0x64, 0x6e, 0x78, 0x82, 0x8c, 0x96, 0xa0, 0xaa, 0xb4, 0xbe, 0xfc, 0xe8,
        ];
        Assert.Equal(expected, Encode(false, values));
    }

    [Fact]
    public void Write_UsesDelta_WhenValuesIncrease()
    {
        Assert.Equal(
            new byte[] { 0xc6, 0x09, 0x02, 0x02, 0x22, 0x42, 0x42, 0x46 },
            Encode(false, 2, 3, 5, 7, 11, 13, 17, 19, 23, 29));
    }

    [Fact]
    public void Write_UsesFixedDelta_WhenArithmeticSequence()
    {
        // DELTA, width 0, 100 values from 1 by 1: header 0xc0 0x63, base 1 (zigzag 2), delta 1 (zigzag 2)
        var values = Enumerable.Range(1, 100).Select(i => (long)i).ToArray();
        Assert.Equal(new byte[] { 0xc0, 0x63, 0x02, 0x02 }, Encode(true, values));
    }

    [Fact]
    public void Write_UsesDeltaWithZeroDelta_WhenRunLongerThanShortRepeat()
    {
        var values = Enumerable.Repeat(-3L, 20).ToArray();
        // fixed delta 0: header 0xc0, length-1 = 19, base zigzag(-3) = 5, delta 0
        Assert.Equal(new byte[] { 0xc0, 0x13, 0x05, 0x00 }, Encode(true, values));
    }

    [Fact]
    public void Write_ZigZagsShortRepeat_WhenSigned()
    {
        // zigzag(-1) = 1, one byte, run of 3
        Assert.Equal(new byte[] { 0x00, 0x01 }, Encode(true, -1, -1, -1));
    }

    [Fact]
    public void RecordPosition_CountsPendingValues_WhenRunOpen()
    {
        using var stream = new CompressedOutStream(null, 1024);
        var encoder = new IntegerRleV2Encoder(stream, signed: true);
        for (var i = 0; i < 7; i++) encoder.Write(i * 31 % 5);
        var positions = new List<ulong>();
        encoder.RecordPosition(positions);
        Assert.Equal(new ulong[] { 0, 7 }, positions);
    }
}
