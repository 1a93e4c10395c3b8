namespace Sync.Cli.Tests;

public sealed class TableWriterFacts
{
    [Fact]
    public void Write_AlignsColumns_ToLongestCell()
    {
        using var output = new StringWriter();

        TableWriter.Write(output, ["DAG", "STATE"], [["orders_sync", "success"], ["x", "failed"]]);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["DAG          STATE", "orders_sync  success", "x            failed"], lines);
    }
}
