using Microsoft.Extensions.Logging;

namespace Sync.Storage;

/// <summary>Opens the store that serves a URI: files for <c>file://</c> and plain paths, S3 for <c>s3://</c> and <c>oss://</c>.</summary>
public static class ObjectStores
{
    /// <summary>
    /// The store for <paramref name="uri"/>'s scheme. S3 stores hold a client and are <see cref="IDisposable"/>;
    /// dispose the result when done (<c>(store as IDisposable)?.Dispose()</c>).
    /// </summary>
    public static IObjectStore Open(string uri, ObjectStoreSettings settings, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var location = ObjectUri.Parse(uri);
        return location.Scheme switch
        {
            ObjectUri.FileScheme => new FileObjectStore(),
            _ => new S3ObjectStore(location.Scheme, settings, loggerFactory?.CreateLogger<S3ObjectStore>()),
        };
    }
}
