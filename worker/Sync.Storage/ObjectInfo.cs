namespace Sync.Storage;

/// <summary>One object as a listing or a stat saw it.</summary>
/// <param name="Uri">Full URI of the object, in the form the store lists it (keys verbatim).</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="ETag">Entity tag (S3/OSS) or a size-and-time tag (files); null when the store reports none.</param>
/// <param name="LastModified">Last modification time.</param>
public sealed record ObjectInfo(string Uri, long Size, string? ETag, DateTimeOffset LastModified);
