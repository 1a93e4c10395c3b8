using Sync.Orchestrator.Api;

namespace Sync.Orchestrator.Tests.Api;

public sealed class TaskLogLocationFacts
{
    [Fact]
    public void Parse_GivesFilePath_WhenLocationIsRootedPath()
    {
        var location = TaskLogLocation.Parse("/var/log/sync/orders/run/1.log");

        Assert.Equal("/var/log/sync/orders/run/1.log", location?.FilePath);
        Assert.Null(location?.RemoteUri);
    }

    [Fact]
    public void Parse_GivesFilePath_WhenLocationIsFileUri()
    {
        var location = TaskLogLocation.Parse("file:///tmp/logs/a%20b.log");

        Assert.Equal("/tmp/logs/a b.log", location?.FilePath);
    }

    [Theory]
    [InlineData("s3://logs/orders/run/1.log")]
    [InlineData("oss://bucket/orders/1.log")]
    public void Parse_GivesRemoteUri_WhenLocationIsObjectStore(string recorded)
    {
        var location = TaskLogLocation.Parse(recorded);

        Assert.Equal(recorded, location?.RemoteUri);
        Assert.Null(location?.FilePath);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_GivesNull_WhenNothingRecorded(string? recorded)
    {
        Assert.Null(TaskLogLocation.Parse(recorded));
    }
}
