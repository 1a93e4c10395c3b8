namespace Sync.Storage;

/// <summary>
/// An object store addressed by URIs (<c>file:///...</c> or a plain path, <c>s3://bucket/key</c>, <c>oss://bucket/key</c>).
/// URIs carry keys and paths verbatim: no percent-decoding is applied, as Hive and Hadoop tools print them.
/// Every failure surfaces as <see cref="ObjectStoreException"/> (or <see cref="ObjectNotFoundException"/>).
/// </summary>
public interface IObjectStore
{
    /// <summary>
    /// Lists every object below a folder prefix, recursively, in ascending key order. The prefix names a folder:
    /// <c>s3://b/t</c> lists <c>t/...</c>, never <c>t_old/...</c>. Pages through the listing internally;
    /// a prefix with no objects lists nothing.
    /// </summary>
    IAsyncEnumerable<ObjectInfo> ListAsync(string prefixUri, CancellationToken ct);

    /// <summary>Size, entity tag and modification time of one object; <see cref="ObjectNotFoundException"/> when absent.</summary>
    Task<ObjectInfo> StatAsync(string uri, CancellationToken ct);

    /// <summary>
    /// Fills <paramref name="destination"/> with the bytes at <paramref name="offset"/>, or throws. Transient failures
    /// are retried with backoff, and a retry asks only for the bytes not yet delivered.
    /// </summary>
    ValueTask ReadAsync(string uri, long offset, Memory<byte> destination, CancellationToken ct);

    /// <summary>A forward-only stream of the whole object; a broken transfer resumes where it stopped.</summary>
    Task<Stream> OpenReadAsync(string uri, CancellationToken ct);

    /// <summary>Writes and publishes an object: readers see the old object or the whole new one, never a part.</summary>
    Task PutAsync(string uri, Stream content, CancellationToken ct);

    /// <summary>Deletes an object. Deleting an object that is not there succeeds (deletes are idempotent).</summary>
    Task DeleteAsync(string uri, CancellationToken ct);
}
