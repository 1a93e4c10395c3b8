using System.Runtime.CompilerServices;
using Sync.Storage;

namespace Sync.Planning.Tests.Support;

/// <summary>
/// An object store that holds a listing (names, sizes, tags) but no contents, listed in the order given, in pages.
/// Planning reads only listings; the content operations say so when called.
/// </summary>
public sealed class ListingObjectStore(IReadOnlyList<ObjectInfo> objects) : IObjectStore
{
    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefixUri, [EnumeratorCancellation] CancellationToken ct)
    {
        var folder = ObjectUri.Parse(prefixUri);
        var page = 0;
        foreach (var info in objects)
        {
            if (++page % 1000 == 0) await Task.Yield();
            ct.ThrowIfCancellationRequested();
            if (ObjectUri.Parse(info.Uri).RelativeTo(folder) != null) yield return info;
        }
    }

    public Task<ObjectInfo> StatAsync(string uri, CancellationToken ct) =>
        Task.FromResult(objects.FirstOrDefault(o => o.Uri == uri) ?? throw new ObjectNotFoundException(uri, ObjectStoreOperation.Stat));

    public ValueTask ReadAsync(string uri, long offset, Memory<byte> destination, CancellationToken ct) =>
        throw new NotSupportedException("a listing-only store holds no contents");

    public Task<Stream> OpenReadAsync(string uri, CancellationToken ct) =>
        throw new NotSupportedException("a listing-only store holds no contents");

    public Task PutAsync(string uri, Stream content, CancellationToken ct) =>
        throw new NotSupportedException("a listing-only store is read-only");

    public Task DeleteAsync(string uri, CancellationToken ct) =>
        throw new NotSupportedException("a listing-only store is read-only");
}
