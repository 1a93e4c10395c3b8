using Sync.Storage;

namespace Sync.FeatureSync.Output;

/// <summary>One destination root (object-store URI) and the store serving it; paths below it are relative.</summary>
internal sealed class OfflineDestination
{
    private readonly IObjectStore _store;

    public OfflineDestination(string rootUri, IObjectStore store)
    {
        Root = rootUri.TrimEnd('/');
        _store = store;
    }

    public string Root { get; }

    public string UriOf(string relativePath) => Root + "/" + relativePath;

    public async Task<bool> ExistsAsync(string relativePath, CancellationToken ct)
    {
        try
        {
            await _store.StatAsync(UriOf(relativePath), ct).ConfigureAwait(false);
            return true;
        }
        catch (ObjectNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Publishes a finished local file; the store makes it visible whole or not at all.</summary>
    public async Task PublishAsync(string relativePath, string localFile, CancellationToken ct)
    {
        var stream = new FileStream(localFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            await _store.PutAsync(UriOf(relativePath), stream, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Downloads a published file to a local file (to copy it byte for byte to another destination).</summary>
    public async Task DownloadAsync(string relativePath, string localFile, CancellationToken ct)
    {
        var source = await _store.OpenReadAsync(UriOf(relativePath), ct).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            var target = new FileStream(localFile, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await using (target.ConfigureAwait(false))
            {
                await source.CopyToAsync(target, ct).ConfigureAwait(false);
            }
        }
    }
}
