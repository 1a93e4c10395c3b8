using Sync.Tasks;

namespace Sync.Execution.Kubernetes.Tests;

public sealed class FolderPodLogSinkTests
{
    [Fact]
    public void PathFor_StaysInsideFolder_WhenIdsClimbUp()
    {
        var folder = Path.Combine(Path.GetTempPath(), "logs-" + Guid.NewGuid().ToString("N"));
        var sink = new FolderPodLogSink(folder);

        var path = sink.PathFor(Launch("../../etc", "..", "batch_1", null));

        Assert.StartsWith(folder + Path.DirectorySeparatorChar, path, StringComparison.Ordinal);
        Assert.DoesNotContain("..", path[folder.Length..].Split(Path.DirectorySeparatorChar));
        Assert.EndsWith("batch_1.1.log", path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveAsync_WritesToLogUri_WhenItIsAFileUri()
    {
        var folder = Path.Combine(Path.GetTempPath(), "logs-" + Guid.NewGuid().ToString("N"));
        var target = Path.Combine(folder, "explicit", "task.log");
        var sink = new FolderPodLogSink(Path.Combine(folder, "default"));
        try
        {
            var location = await sink.SaveAsync(Launch("d", "r", "t", new Uri(target).AbsoluteUri), "pod-1", new MemoryStream("line 1\nline 2\n"u8.ToArray()), CancellationToken.None);

            Assert.Equal(target, location);
            Assert.Equal("line 1\nline 2\n", await File.ReadAllTextAsync(target));
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(target)!));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static TaskLaunch Launch(string dag, string run, string task, string? logUri) => new()
    {
        Spec = new TaskSpec { Kind = TaskKinds.Command, DagId = dag, RunId = run, TaskId = task },
        LogUri = logUri,
    };
}
