using System.Globalization;
using System.Runtime.CompilerServices;

namespace Sync.Storage;

/// <summary>
/// Objects as files under a local folder: <c>file:///abs/path</c> URIs or plain paths. Listings are recursive and
/// sorted by path; puts write a hidden temporary file beside the target and rename it into place atomically.
/// </summary>
public sealed class FileObjectStore : IObjectStore
{
    private const int CopyBufferSize = 1024 * 1024;

    private static readonly EnumerationOptions ListOptions = new()
    {
        RecurseSubdirectories = true,
        // Every file is listed, hidden ones included; what counts as data is the planner's decision.
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
    };

    /// <inheritdoc />
    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefixUri, [EnumeratorCancellation] CancellationToken ct)
    {
        var folder = ParseFile(prefixUri).Key;
        List<FileInfo> files;
        try
        {
            // A folder that does not exist lists as empty, as a bucket prefix with no objects does.
            files = Directory.Exists(folder) ? [.. new DirectoryInfo(folder).EnumerateFiles("*", ListOptions)] : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ObjectStoreException($"list {prefixUri} failed: {e.Message}", prefixUri, ObjectStoreOperation.List, isTransient: false, e);
        }

        files.Sort(static (a, b) => string.CompareOrdinal(a.FullName, b.FullName));
        await Task.Yield();
        foreach (var file in files)
        {
            ct.ThrowIfCancellationRequested();
            yield return ToInfo(file);
        }
    }

    /// <inheritdoc />
    public Task<ObjectInfo> StatAsync(string uri, CancellationToken ct)
    {
        var path = ParseFile(uri).Key;
        ct.ThrowIfCancellationRequested();
        var file = new FileInfo(path);
        if (!file.Exists) throw new ObjectNotFoundException(uri, ObjectStoreOperation.Stat);
        return Task.FromResult(ToInfo(file));
    }

    /// <inheritdoc />
    public async ValueTask ReadAsync(string uri, long offset, Memory<byte> destination, CancellationToken ct)
    {
        var path = ParseFile(uri).Key;
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.Asynchronous);
            var filled = 0;
            while (filled < destination.Length)
            {
                var n = await RandomAccess.ReadAsync(handle, destination[filled..], offset + filled, ct).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new ObjectStoreException(
                        $"read {uri} failed: asked for {destination.Length} bytes at offset {offset}, the file holds {RandomAccess.GetLength(handle)} bytes",
                        uri, ObjectStoreOperation.Read, isTransient: false);
                }
                filled += n;
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectNotFoundException(uri, ObjectStoreOperation.Read, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ObjectStoreException($"read {uri} failed: {e.Message}", uri, ObjectStoreOperation.Read, isTransient: false, e);
        }
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string uri, CancellationToken ct)
    {
        var path = ParseFile(uri).Key;
        ct.ThrowIfCancellationRequested();
        try
        {
            Stream stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
                BufferSize = 0,
            });
            return Task.FromResult(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectNotFoundException(uri, ObjectStoreOperation.Read, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ObjectStoreException($"read {uri} failed: {e.Message}", uri, ObjectStoreOperation.Read, isTransient: false, e);
        }
    }

    /// <inheritdoc />
    public async Task PutAsync(string uri, Stream content, CancellationToken ct)
    {
        var path = ParseFile(uri).Key;
        ArgumentNullException.ThrowIfNull(content);
        var folder = Path.GetDirectoryName(path) ?? throw new ArgumentException($"URI '{uri}' names no file", nameof(uri));
        // Same folder, so the rename is atomic; the leading '.' keeps it out of plans while it is written.
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(folder);
            await using (var output = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
                BufferSize = 0,
            }))
            {
                await content.CopyToAsync(output, CopyBufferSize, ct).ConfigureAwait(false);
                await output.FlushAsync(ct).ConfigureAwait(false);
                output.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new ObjectStoreException($"put {uri} failed: {e.Message}", uri, ObjectStoreOperation.Put, isTransient: false, e);
        }
        catch (OperationCanceledException)
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(string uri, CancellationToken ct)
    {
        var path = ParseFile(uri).Key;
        ct.ThrowIfCancellationRequested();
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing to delete: deletes are idempotent, as on S3.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ObjectStoreException($"delete {uri} failed: {e.Message}", uri, ObjectStoreOperation.Delete, isTransient: false, e);
        }
        return Task.CompletedTask;
    }

    private static ObjectInfo ToInfo(FileInfo file)
    {
        var modified = new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero);
        // Size and modification time stand in for an entity tag: a rewritten file gets a new one.
        var tag = string.Create(CultureInfo.InvariantCulture, $"{file.Length:x}-{modified.UtcTicks:x}");
        return new ObjectInfo("file://" + file.FullName, file.Length, tag, modified);
    }

    private static ObjectUri ParseFile(string uri)
    {
        var location = ObjectUri.Parse(uri);
        if (!location.IsFile) throw new ArgumentException($"URI '{uri}' is not a file URI or path; open a store for it with ObjectStores.Open", nameof(uri));
        return location;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original failure is what the caller needs; a leftover hidden temp file is harmless to plans.
        }
    }
}
