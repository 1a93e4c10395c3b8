using System.Buffers;
using System.Text;
using Sync.Warehouse.Values;

namespace Sync.Warehouse.Tests.Values;

public class DelimitedTextSinkFacts
{
    [Fact]
    public void Drain_MovesWholeRowsOnly_WhenRowIsLargerThanBlock()
    {
        var target = new ArrayBufferWriter<byte>();
        var sink = new DelimitedTextSink(target);
        var big = new string('x', DelimitedTextSink.InitialBlockBytes * 3) + "\"q\" \\b\\ é";

        sink.BeginRow();
        sink.Raw("1");
        sink.Text(Encoding.UTF8.GetBytes(big));
        sink.Null();

        // Far more than a block is formatted, yet nothing reaches the target before the row is whole and drained.
        Assert.Equal(0, target.WrittenCount);
        sink.EndRow();
        Assert.Equal(0, target.WrittenCount);
        sink.Drain();

        var expected = "1,\"" + big.Replace("\"", "\"\"").Replace("\\", "\\\\") + "\",\\N\n";
        Assert.Equal(expected, Encoding.UTF8.GetString(target.WrittenSpan));
        Assert.Equal(target.WrittenCount, sink.ByteCount);
        Assert.Equal(0, sink.BufferedBytes);
    }

    [Fact]
    public void Drain_KeepsOrderAndCount_WhenCalledBetweenManyRows()
    {
        var target = new ArrayBufferWriter<byte>();
        var sink = new DelimitedTextSink(target);
        var expected = new StringBuilder();
        for (var i = 0; i < 50_000; i++)
        {
            sink.BeginRow();
            sink.Raw(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            sink.Text($"v{i},\n".AsSpan());
            sink.EndRow();
            expected.Append(i).Append(",\"v").Append(i).Append(",\n\"\n");
            if (i % 977 == 0) sink.Drain();
        }
        sink.Drain();

        Assert.Equal(expected.ToString(), Encoding.UTF8.GetString(target.WrittenSpan));
        Assert.Equal(50_000, sink.Rows);
        Assert.Equal(target.WrittenCount, sink.ByteCount);
    }
}
