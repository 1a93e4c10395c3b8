using Sync.Orc.Text;

namespace Sync.Orc.Tests.Text;

public class CFormatTests
{
    [Theory]
    [InlineData(1.0, 7, "1")]
    [InlineData(-15.0, 14, "-15")]
    [InlineData(3.1415, 14, "3.1415")]
    [InlineData(1e20, 14, "1e+20")]
    [InlineData(0.0001, 14, "0.0001")]
    [InlineData(0.00001, 14, "1e-05")]
    [InlineData(123456789.0, 7, "1.234568e+08")]
    [InlineData(88334.2665, 14, "88334.2665")]
    [InlineData(0.0, 14, "0")]
    public void G_MatchesPrintf_WhenFormattingDoubles(double value, int precision, string expected) =>
        Assert.Equal(expected, CFormat.G(value, precision));

    [Fact]
    public void G_WidensFloatFirst_WhenPrintingFloat() => Assert.Equal("0.8", CFormat.G(0.8f, 7));
}
