using Sync.Orc.Writing;

namespace Sync.Orc.Tests.Writing;

public sealed class ByteRleEncoderTests
{
    private static byte[] Encode(params byte[] values)
    {
        using var stream = new CompressedOutStream(null, 1024);
        var encoder = new ByteRleEncoder(stream);
        foreach (var v in values) encoder.Write(v);
        encoder.Flush();
        return stream.ToArray();
    }

    [Fact]
    public void Write_EmitsRun_WhenHundredZeros()
    {
        // the specification's example: 100 zeros are [0x61, 0x00]
        Assert.Equal(new byte[] { 0x61, 0x00 }, Encode(new byte[100]));
    }

    [Fact]
    public void Write_EmitsLiterals_WhenValuesDiffer()
    {
        // the specification's example: [0x44, 0x45] is [0xfe, 0x44, 0x45]
        Assert.Equal(new byte[] { 0xfe, 0x44, 0x45 }, Encode(0x44, 0x45));
    }

    [Fact]
    public void Write_SplitsLiteralsAndRun_WhenRunFollowsLiterals()
    {
        Assert.Equal(new byte[] { 0xfe, 0x01, 0x02, 0x00, 0x07 }, Encode(1, 2, 7, 7, 7));
    }

    [Fact]
    public void Write_CutsRunAt130_WhenRunIsLonger()
    {
        var values = Enumerable.Repeat((byte)9, 131).ToArray();
        Assert.Equal(new byte[] { 0x7f, 0x09, 0xff, 0x09 }, Encode(values));
    }

    [Fact]
    public void Write_CutsLiteralsAt128_WhenNoRuns()
    {
        var values = Enumerable.Range(0, 129).Select(i => (byte)i).ToArray();
        var encoded = Encode(values);
        Assert.Equal(0x80, encoded[0]);
        Assert.Equal(0xff, encoded[129]);
        Assert.Equal(128, encoded[130]);
        Assert.Equal(131, encoded.Length);
    }
}
