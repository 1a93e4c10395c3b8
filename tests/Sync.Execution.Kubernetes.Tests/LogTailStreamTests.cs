namespace Sync.Execution.Kubernetes.Tests;

public sealed class LogTailStreamTests
{
    [Theory]
    [InlineData(10, 3)]
    [InlineData(1000, 7)]
    [InlineData(1000, 64)]
    [InlineData(1000, 500)]
    [InlineData(5, 100)]
    public async Task Tail_HoldsLastBytesInOrder_WhenReadInChunks(int total, int chunk)
    {
        var data = Enumerable.Range(0, total).Select(i => (byte)(i % 251)).ToArray();
        await using var tail = new LogTailStream(new MemoryStream(data), 64);
        using var copy = new MemoryStream();
        var buffer = new byte[chunk];
        int read;
        while ((read = await tail.ReadAsync(buffer)) > 0) copy.Write(buffer, 0, read);

        Assert.Equal(data, copy.ToArray());
        Assert.Equal(data.TakeLast(64).ToArray(), tail.Tail());
    }
}
