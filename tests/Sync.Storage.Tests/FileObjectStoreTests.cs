using Sync.Storage.Tests.Support;

namespace Sync.Storage.Tests;

public sealed class FileObjectStoreTests
{
    private readonly FileObjectStore _store = new();

    private static byte[] Bytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private async Task<List<ObjectInfo>> ListAllAsync(string prefix)
    {
        var list = new List<ObjectInfo>();
        await foreach (var item in _store.ListAsync(prefix, CancellationToken.None)) list.Add(item);
        return list;
    }

    [Fact]
    public async Task ListAsync_ReturnsFilesRecursivelyInPathOrder_WhenGivenFileUri()
    {
        using var dir = new TempFolder();
        dir.Write("t/dt=2024-01-02/b.orc", Bytes(3, 1));
        dir.Write("t/dt=2024-01-01/a.orc", Bytes(5, 1));
        dir.Write("t/.hidden", Bytes(1, 1));
        dir.Write("t/_SUCCESS", []);
        dir.Write("t_old/x.orc", Bytes(1, 1));

        var listed = await ListAllAsync("file://" + Path.Combine(dir.Path, "t"));

        Assert.Equal(
            new[] { "t/.hidden", "t/_SUCCESS", "t/dt=2024-01-01/a.orc", "t/dt=2024-01-02/b.orc" }.Select(r => "file://" + Path.Combine(dir.Path, r)),
            listed.Select(o => o.Uri));
        Assert.Equal([1L, 0L, 5L, 3L], listed.Select(o => o.Size));
        Assert.All(listed, o => Assert.NotNull(o.ETag));
    }

    [Fact]
    public async Task ListAsync_AcceptsPlainPath_AndListsNothing_WhenFolderMissing()
    {
        using var dir = new TempFolder();
        dir.Write("t/a.orc", Bytes(2, 1));

        Assert.Single(await ListAllAsync(Path.Combine(dir.Path, "t")));
        Assert.Empty(await ListAllAsync(Path.Combine(dir.Path, "absent")));
    }

    [Fact]
    public async Task ReadAsync_FillsBufferWithRange_WhenRangeInsideFile()
    {
        using var dir = new TempFolder();
        var data = Bytes(10_000, 2);
        var path = dir.Write("f.bin", data);

        var buffer = new byte[500];
        await _store.ReadAsync("file://" + path, 9_500, buffer, CancellationToken.None);

        Assert.Equal(data.AsSpan(9_500, 500).ToArray(), buffer);
    }

    [Fact]
    public async Task ReadAsync_FailsNamingSize_WhenRangeRunsPastEnd()
    {
        using var dir = new TempFolder();
        var path = dir.Write("f.bin", Bytes(100, 3));

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => _store.ReadAsync(path, 90, new byte[20], CancellationToken.None).AsTask());

        Assert.Equal(ObjectStoreOperation.Read, error.Operation);
        Assert.False(error.IsTransient);
        Assert.Contains("holds 100 bytes", error.Message);
    }

    [Fact]
    public async Task StatAndRead_ThrowNotFound_WhenFileMissing()
    {
        using var dir = new TempFolder();
        var uri = "file://" + Path.Combine(dir.Path, "missing.orc");

        var stat = await Assert.ThrowsAsync<ObjectNotFoundException>(() => _store.StatAsync(uri, CancellationToken.None));
        var read = await Assert.ThrowsAsync<ObjectNotFoundException>(() => _store.ReadAsync(uri, 0, new byte[1], CancellationToken.None).AsTask());
        var open = await Assert.ThrowsAsync<ObjectNotFoundException>(() => _store.OpenReadAsync(uri, CancellationToken.None));

        Assert.Equal(uri, stat.Uri);
        Assert.Equal(ObjectStoreOperation.Stat, stat.Operation);
        Assert.Equal(ObjectStoreOperation.Read, read.Operation);
        Assert.True(open.IsNotFound);
    }

    [Fact]
    public async Task PutAsync_PublishesWholeFileAndLeavesNoTemporary_WhenOverwriting()
    {
        using var dir = new TempFolder();
        var path = dir.Write("out/part-0.orc", Bytes(10, 4));
        var data = Bytes(3_000_000, 5);

        await _store.PutAsync("file://" + path, new MemoryStream(data), CancellationToken.None);

        Assert.Equal(data, await File.ReadAllBytesAsync(path));
        Assert.Equal(["part-0.orc"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public async Task PutAsync_KeepsOldFileAndLeavesNoTemporary_WhenContentFailsMidway()
    {
        using var dir = new TempFolder();
        var old = Bytes(10, 6);
        var path = dir.Write("out/part-0.orc", old);

        var error = await Assert.ThrowsAsync<ObjectStoreException>(
            () => _store.PutAsync(path, new FailingStream(Bytes(2_000_000, 7), failAfter: 1_500_000), CancellationToken.None));

        Assert.Equal(ObjectStoreOperation.Put, error.Operation);
        Assert.IsType<IOException>(error.InnerException);
        Assert.Equal(old, await File.ReadAllBytesAsync(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public async Task PutAsync_CreatesMissingFolders_WhenTargetFolderAbsent()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "a", "b", "c.orc");

        await _store.PutAsync(path, new MemoryStream([1, 2, 3]), CancellationToken.None);

        var info = await _store.StatAsync(path, CancellationToken.None);
        Assert.Equal(3, info.Size);
        Assert.Equal("file://" + path, info.Uri);
    }

    [Fact]
    public async Task OpenReadAsync_StreamsWholeFile()
    {
        using var dir = new TempFolder();
        var data = Bytes(100_000, 8);
        var path = dir.Write("s.bin", data);

        await using var stream = await _store.OpenReadAsync(path, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.Equal(data, copy.ToArray());
    }

    [Fact]
    public async Task DeleteAsync_RemovesFile_AndSucceedsWhenAlreadyGone()
    {
        using var dir = new TempFolder();
        var path = dir.Write("d/x.orc", Bytes(1, 9));

        await _store.DeleteAsync(path, CancellationToken.None);
        await _store.DeleteAsync(path, CancellationToken.None);
        await _store.DeleteAsync(Path.Combine(dir.Path, "no-folder", "x.orc"), CancellationToken.None);

        Assert.False(File.Exists(path));
    }

    /// <summary>Delivers some bytes, then fails as a broken source would.</summary>
    private sealed class FailingStream(byte[] data, int failAfter) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position >= failAfter) throw new IOException("source broke");
            return base.ReadAsync(buffer[..(int)Math.Min(buffer.Length, failAfter - Position)], cancellationToken);
        }
    }
}
