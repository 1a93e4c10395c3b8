namespace Sync.Storage;

/// <summary>
/// A parsed object-store location: <c>file:///abs/path</c> (or a plain path), <c>s3://bucket/key</c>, <c>oss://bucket/key</c>.
/// Keys and paths are kept verbatim (no percent-decoding), so the text of a listed URI is the key itself.
/// </summary>
public sealed record ObjectUri
{
    public const string FileScheme = "file";
    public const string S3Scheme = "s3";
    public const string OssScheme = "oss";

    private ObjectUri(string scheme, string bucket, string key)
    {
        Scheme = scheme;
        Bucket = bucket;
        Key = key;
    }

    /// <summary>"file", "s3" or "oss" (lower case).</summary>
    public string Scheme { get; }

    /// <summary>Bucket name; empty for files.</summary>
    public string Bucket { get; }

    /// <summary>Object key (no leading '/') for buckets; the absolute path for files.</summary>
    public string Key { get; }

    public bool IsFile => Scheme == FileScheme;

    /// <summary>Parses a URI or a plain path; throws <see cref="ArgumentException"/> naming the text when it is not one.</summary>
    public static ObjectUri Parse(string uri)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(uri);
        var sep = uri.IndexOf("://", StringComparison.Ordinal);
        if (sep < 0) return new ObjectUri(FileScheme, "", Path.GetFullPath(uri));

        var scheme = uri[..sep].ToLowerInvariant();
        var rest = uri[(sep + 3)..];
        switch (scheme)
        {
            case FileScheme:
                if (rest.StartsWith("localhost/", StringComparison.OrdinalIgnoreCase)) rest = rest["localhost".Length..];
                if (!rest.StartsWith('/'))
                    throw new ArgumentException($"file URI '{uri}' must be absolute (file:///path); remote hosts are not supported", nameof(uri));
                return new ObjectUri(FileScheme, "", Path.GetFullPath(rest));
            case S3Scheme:
            case OssScheme:
                var slash = rest.IndexOf('/', StringComparison.Ordinal);
                var bucket = slash < 0 ? rest : rest[..slash];
                var key = slash < 0 ? "" : rest[(slash + 1)..];
                if (bucket.Length == 0) throw new ArgumentException($"URI '{uri}' names no bucket ({scheme}://bucket/key)", nameof(uri));
                return new ObjectUri(scheme, bucket, key);
            default:
                throw new ArgumentException($"URI '{uri}' has unsupported scheme '{scheme}' (supported: file, s3, oss, or a plain path)", nameof(uri));
        }
    }

    /// <summary>The key (or path) as a folder prefix: ends with '/' unless it names a whole bucket.</summary>
    public string FolderKey => Key.Length == 0 || Key.EndsWith('/') ? Key : Key + "/";

    /// <summary>The location of <paramref name="key"/> in the same bucket (or file system).</summary>
    public ObjectUri WithKey(string key) => new(Scheme, Bucket, key);

    /// <summary>
    /// The part of this location below the folder <paramref name="prefix"/>, with '/' separators, or null when this
    /// location is not below it.
    /// </summary>
    public string? RelativeTo(ObjectUri prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (Scheme != prefix.Scheme || Bucket != prefix.Bucket) return null;
        var folder = prefix.FolderKey;
        if (!Key.StartsWith(folder, StringComparison.Ordinal) || Key.Length == folder.Length) return null;
        return Key[folder.Length..];
    }

    /// <summary>The canonical text: <c>file:///path</c> or <c>scheme://bucket/key</c>.</summary>
    public override string ToString() => IsFile ? "file://" + Key : $"{Scheme}://{Bucket}/{Key}";
}
