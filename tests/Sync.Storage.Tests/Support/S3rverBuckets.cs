using Amazon.S3;
using Sync.Storage;
using Sync.Testing;

namespace Sync.Storage.Tests.Support;

/// <summary>Settings and fresh buckets on the shared s3rver; each test gets its own bucket.</summary>
internal static class S3rverBuckets
{
    public static ObjectStoreSettings Settings(string endpoint, string? secretKey = null, int pageSize = ObjectStoreSettings.DefaultListPageSize, string? accessKey = null)
    {
        var connection = new S3ConnectionSettings
        {
            Endpoint = endpoint,
            ForcePathStyle = true,
            Credentials = new ObjectStoreCredentials(accessKey ?? S3rverServer.AccessKey, secretKey ?? S3rverServer.SecretKey),
        };
        return new ObjectStoreSettings
        {
            S3 = connection,
            Oss = connection,
            ListPageSize = pageSize,
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            RequestTimeout = TimeSpan.FromSeconds(20),
        };
    }

    /// <summary>Creates a bucket with a unique name and returns the name.</summary>
    public static Task<string> CreateAsync(S3rverServer server) => server.CreateBucketAsync();
}
