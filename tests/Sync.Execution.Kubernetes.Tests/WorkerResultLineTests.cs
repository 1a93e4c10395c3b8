using System.Text;

namespace Sync.Execution.Kubernetes.Tests;

public sealed class WorkerResultLineTests
{
    [Fact]
    public void Find_ReturnsLastResult_WhenOtherJsonAndStderrFollow()
    {
        var log = """
            {"status":"success","rows":1}
            reading stripe 3 of part-0.orc
            {"status":"success","rows":42,"details":{"batch":"7"}}
            {"level":"warn","msg":"slow"}
            connection closed

            """;

        var result = WorkerResultLine.Find(Encoding.UTF8.GetBytes(log));

        Assert.NotNull(result);
        Assert.Equal(42, result.Rows);
        Assert.Equal("7", result.Details?["batch"]);
    }

    [Fact]
    public void Find_ReturnsNull_WhenNoLineIsAResult()
    {
        Assert.Null(WorkerResultLine.Find(Encoding.UTF8.GetBytes("Unhandled exception\n{\"rows\":3}\n{broken")));
    }
}
