using Sync.Storage;

namespace Sync.FeatureSync.Tests.Support;

/// <summary>
/// Passes calls to a real store, but fails one put the way a crash would: before it is done, or right after it
/// succeeded (the file is published, the caller never hears so). Shared by every destination of a run.
/// </summary>
internal sealed class FaultyObjectStore(IObjectStore inner, Func<int, string, bool> failBefore, Func<int, string, bool> failAfter) : IObjectStore
{
    private int _puts;

    /// <summary>The URI of the put that failed.</summary>
    public string? FailedUri { get; private set; }

    public IAsyncEnumerable<ObjectInfo> ListAsync(string prefixUri, CancellationToken ct) => inner.ListAsync(prefixUri, ct);

    public Task<ObjectInfo> StatAsync(string uri, CancellationToken ct) => inner.StatAsync(uri, ct);

    public ValueTask ReadAsync(string uri, long offset, Memory<byte> destination, CancellationToken ct) => inner.ReadAsync(uri, offset, destination, ct);

    public Task<Stream> OpenReadAsync(string uri, CancellationToken ct) => inner.OpenReadAsync(uri, ct);

    public async Task PutAsync(string uri, Stream content, CancellationToken ct)
    {
        int n = Interlocked.Increment(ref _puts);
        if (FailedUri == null && failBefore(n, uri))
        {
            FailedUri = uri;
            throw new IOException($"injected failure before put {n} of {uri}");
        }
        await inner.PutAsync(uri, content, ct);
        if (FailedUri == null && failAfter(n, uri))
        {
            FailedUri = uri;
            throw new IOException($"injected failure after put {n} of {uri}");
        }
    }

    public Task DeleteAsync(string uri, CancellationToken ct) => inner.DeleteAsync(uri, ct);
}
