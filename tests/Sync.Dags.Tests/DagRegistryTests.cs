namespace Sync.Dags.Tests;

public sealed class DagRegistryTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sync-tests", "dags-" + Guid.NewGuid().ToString("N"));

    public DagRegistryTests() => Directory.CreateDirectory(_dir);

    private static string Dag(string id, string command = "x") => $"id: {id}\ntasks:\n  - {{ id: t, command: [{command}] }}\n";

    [Fact]
    public async Task ReloadAsync_KeepsGoodFiles_WhenOneIsBad()
    {
        File.WriteAllText(Path.Combine(_dir, "a.yaml"), Dag("a"));
        File.WriteAllText(Path.Combine(_dir, "b.yaml"), "id: b\ntasks:\n  - { id: t, comand: [x] }\n");
        File.WriteAllText(Path.Combine(_dir, "c.yml"), Dag("a"));
        using var registry = new DagRegistry(_dir);
        await registry.ReloadAsync(default);

        Assert.Equal(["a"], registry.Dags.Select(d => d.Id));
        Assert.Equal(2, registry.ImportErrors.Select(e => e.FilePath).Distinct().Count());
        Assert.Contains(registry.ImportErrors, e => e.FilePath.EndsWith("c.yml", StringComparison.Ordinal) && e.Message.Contains("already defined", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartWatching_Reloads_WhenFileChanges()
    {
        File.WriteAllText(Path.Combine(_dir, "a.yaml"), Dag("a"));
        using var registry = new DagRegistry(_dir);
        await registry.ReloadAsync(default);
        var changed = new TaskCompletionSource<DagRegistryChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        registry.Changed += (_, e) => changed.TrySetResult(e);
        registry.StartWatching(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));

        File.WriteAllText(Path.Combine(_dir, "a.yaml"), Dag("a", "y"));
        File.WriteAllText(Path.Combine(_dir, "b.yaml"), Dag("b"));
        var e = await changed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        // the debounce may split the two writes; the registry ends with both either way
        await Task.Delay(500);
        Assert.Equal(["a", "b"], registry.Dags.Select(d => d.Id));
        Assert.Equal("y", registry.Find("a")!.Tasks[0].Command[0]);
        Assert.NotEmpty(e.Added.Concat(e.Changed));
    }

    public void Dispose() => Directory.Delete(_dir, true);
}
