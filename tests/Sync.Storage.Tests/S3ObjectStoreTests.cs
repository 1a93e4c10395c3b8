using System.Diagnostics;
using System.Net;
using Amazon.S3.Model;
using Sync.Storage.Tests.Support;
using Sync.Testing;

namespace Sync.Storage.Tests;

public sealed class S3ObjectStoreTests
{
    private static byte[] Bytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static async Task PutDirectAsync(S3rverServer server, string bucket, string key, byte[] data)
    {
        using var client = server.Client();
        await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(data), UseChunkEncoding = false });
    }

    private static async Task<List<ObjectInfo>> ListAllAsync(IObjectStore store, string prefix)
    {
        var list = new List<ObjectInfo>();
        await foreach (var item in store.ListAsync(prefix, CancellationToken.None)) list.Add(item);
        return list;
    }

    [S3rverFact]
    public async Task ListAsync_ReturnsEveryObjectInKeyOrder_WhenListingSpansManyPages()
    {
        var server = await S3rverServer.GetAsync();
        var bucket = await S3rverBuckets.CreateAsync(server);
        var keys = Enumerable.Range(0, 30).Select(i => $"table/dt=2024-01-{i % 3 + 1:00}/part-{i:000}.orc").ToList();
        foreach (var key in keys) await PutDirectAsync(server, bucket, key, Bytes(10 + keys.IndexOf(key), 1));
        await PutDirectAsync(server, bucket, "table_old/part-0.orc", Bytes(5, 2));
        await PutDirectAsync(server, bucket, "table/folder/", []);
        await using var proxy = new CuttingProxy(server.Port);
        using var store = new S3ObjectStore("s3", S3rverBuckets.Settings(proxy.Endpoint, pageSize: 7));

        var listed = await ListAllAsync(store, $"s3://{bucket}/table");

        Assert.Equal(keys.Order(StringComparer.Ordinal).Select(k => $"s3://{bucket}/{k}"), listed.Select(o => o.Uri));
        Assert.All(listed, o => Assert.Equal(10 + keys.IndexOf(o.Uri[$"s3://{bucket}/".Length..]), o.Size));
        Assert.All(listed, o => Assert.False(string.IsNullOrEmpty(o.ETag)));
        var listRequests = proxy.RequestLines.Count(l => l.Contains("list-type=2", StringComparison.Ordinal));
        Assert.Equal(5, listRequests);
    }

    [S3rverFact]
    public async Task ListAsync_ReturnsNothing_WhenPrefixHoldsNoObjects()
    {
        var server = await S3rverServer.GetAsync();
        var bucket = await S3rverBuckets.CreateAsync(server);
        using var store = new S3ObjectStore("s3", S3rverBuckets.Settings(server.Endpoint));

        Assert.Empty(await ListAllAsync(store, $"s3://{bucket}/nothing/here/"));
    }

    [S3rverFact]
    public async Task ListAsync_ThrowsNotFound_WhenBucketMissing()
    {
        var server = await S3rverServer.GetAsync();
        using var store = new S3ObjectStore("s3", S3rverBuckets.Settings(server.Endpoint));

        var error = await Assert.ThrowsAsync<ObjectNotFoundException>(() => ListAllAsync(store, "s3://no-such-bucket-here/t"));
        Assert.Equal(ObjectStoreOperation.List, error.Operation);
        Assert.Equal("s3://no-such-bucket-here/t", error.Uri);
    }

    [S3rverFact]
    public async Task ReadAsync_FillsBufferWithRange_WhenRangeInsideObject()
    {
        var server = await S3rverServer.GetAsync();
        var bucket = await S3rverBuckets.CreateAsync(server);
        var data = Bytes(100_000, 3);
        await PutDirectAsync(server, bucket, "f.bin", data);
        using var store = new S3ObjectStore("s3", S3rverBuckets.Settings(server.Endpoint));

        var buffer = new byte[1234];
        await store.ReadAsync($"s3://{bucket}/f.bin", 98_000, buffer, CancellationToken.None);

        Assert.Equal(data.AsSpan(98_000, 1234).ToArray(), buffer);
    }

    [S3rverFact]
    public async Task ReadAsync_ResumesFromFirstMissingByte_WhenConnectionIsCutMidTransfer()
    {
        var server = await S3rverServer.GetAsync();
        var bucket = await S3rverBuckets.CreateAsync(server);
        var data = Bytes(2_000_000, 4);
        await PutDirectAsync(server, bucket, "big.bin", data);
        await using var proxy = new CuttingProxy(server.Port);
        using var store = new S3ObjectStore("s3", S3rverBuckets.Settings(proxy.Endpoint));

        proxy.CutAfter(300_000);
        var buffer = new byte[1_500_000];
        await store.ReadAsync($"s3://{bucket}/big.bin", 100_000, buffer, CancellationToken.None);

        Assert.Equal(data.AsSpan(100_000, 1_500_000).ToArray(), buffer);
        Assert.Equal(1, proxy.Cuts);
        Assert.Equal(2, proxy.Ranges.Count);
        Assert.Equal("bytes=100000-1599999", proxy.Ranges[0]);
        // The retry asks only for what the cut connection did not deliver: 300,000 bytes went through, headers included.
        var resumedFrom = long.Parse(proxy.Ranges[1]["bytes=".Length..proxy.Ranges[1].IndexOf('-', StringComparison.Ordinal)]);
        Assert.InRange(resumedFrom, 100_000 + 300_000 - 2_000, 100_000 + 300_000 - 100);
        Assert.EndsWith("-1599999", proxy.Ranges[1]);
    }

    [S3rverFact]
    public async Task OpenReadAsync_ResumesWhereTransferBroke_WhenConnectionIsCutMidStream()
    {
        var server = await S3rverServer.GetAsync();
        var bucket = await S3rverBuckets.CreateAsync(server);
        var data = Bytes(1_000_000, 5);
        await PutDirectAsync(server, bucket, "stream.bin", data);
        await using var proxy = new CuttingProxy(server.Port);
        using var store = new S3ObjectStore("s3", S3rverBuckets.Settings(proxy.Endpoint));

        proxy.CutAfter(400_000);
        await using var stream = await store.OpenReadAsync($"s3://{bucket}/stream.bin", CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.Equal(data, copy.ToArray());
        Assert.Equal(1, proxy.Cuts);
        Assert.Single(proxy.Ranges);
        Assert.StartsWith("bytes=", proxy.Ranges[0]);
        Assert.EndsWith("-999999", proxy.Ranges[0]);
    }

    [S3rverFact]
    public async Task ReadAsync_FailsWithoutRetry_WhenRangeRunsPastEnd()
    {
        var server = await S3rverServer.GetAsync();
        var bucket = await S3rverBuckets.CreateAsync(server);
        await PutDirectAsync(server, bucket, "small.bin", Bytes(100, 6));
        using var store = new S3ObjectStore("s3", S3rverBuckets.Settings(server.Endpoint));

        var error = await Assert.ThrowsAsync<ObjectStoreException>(
            () => store.ReadAsync($"s3://{bucket}/small.bin", 50, new byte[100], CancellationToken.None).AsTask());

        Assert.False(error.IsTransient);
        Assert.Equal(ObjectStoreOperation.Read, error.Operation);
        Assert.Contains($"s3://{bucket}/small.bin", error.Message);
    }

    [S3rverFact]
    public async Task PutAsync_PublishesObject_WhenContentFitsOnePart()
    {
        var server = await S3rverServer.GetAsync();
        var bucket = await S3rverBuckets.CreateAsync(server);
        using var store = new S3ObjectStore("s3", S3rverBuckets.Settings(server.Endpoint));
        var data = Bytes(70_000, 7);
        var uri = $"s3://{bucket}/out/part-0.orc";

        await store.PutAsync(uri, new MemoryStream(data), CancellationToken.None);

        var info = await store.StatAsync(uri, CancellationToken.None);
        Assert.Equal(data.Length, info.Size);
        Assert.Equal(uri, info.Uri);
        var back = new byte[data.Length];
        await store.ReadAsync(uri, 0, back, CancellationToken.None);
        Assert.Equal(data, back);
    }

    [S3rverFact]
    public async Task PutAsync_UploadsInParts_WhenContentExceedsPartSize()
    {
        var server = await S3rverServer.GetAsync();
        var bucket = await S3rverBuckets.CreateAsync(server);
        await using var proxy = new CuttingProxy(server.Port);
        using var store = new S3ObjectStore("s3", S3rverBuckets.Settings(proxy.Endpoint) with { PartSize = ObjectStoreSettings.MinPartSize });
        var data = Bytes(2 * ObjectStoreSettings.MinPartSize + 12_345, 8);
        var uri = $"s3://{bucket}/multi.bin";

        await store.PutAsync(uri, new MemoryStream(data), CancellationToken.None);

        Assert.Equal(3, proxy.RequestLines.Count(l => l.StartsWith("PUT ", StringComparison.Ordinal) && l.Contains("partNumber=", StringComparison.Ordinal)));
        await using var stream = await store.OpenReadAsync(uri, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(data, copy.ToArray());
    }

    [S3rverFact]
    public async Task DeleteAsync_RemovesObject_AndSucceedsWhenAlreadyGone()
    {
        var server = await S3rverServer.GetAsync();
        var bucket = await S3rverBuckets.CreateAsync(server);
        await PutDirectAsync(server, bucket, "gone.bin", Bytes(10, 9));
        using var store = new S3ObjectStore("s3", S3rverBuckets.Settings(server.Endpoint));
        var uri = $"s3://{bucket}/gone.bin";

        await store.DeleteAsync(uri, CancellationToken.None);
        await store.DeleteAsync(uri, CancellationToken.None);

        var error = await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.StatAsync(uri, CancellationToken.None));
        Assert.True(error.IsNotFound);
        Assert.Equal(ObjectStoreOperation.Stat, error.Operation);
        Assert.Equal(uri, error.Uri);
    }

    [S3rverFact]
    public async Task ReadAsync_ThrowsNotFound_WhenObjectMissing()
    {
        var server = await S3rverServer.GetAsync();
        var bucket = await S3rverBuckets.CreateAsync(server);
        using var store = new S3ObjectStore("s3", S3rverBuckets.Settings(server.Endpoint));

        var error = await Assert.ThrowsAsync<ObjectNotFoundException>(
            () => store.ReadAsync($"s3://{bucket}/missing.orc", 0, new byte[10], CancellationToken.None).AsTask());
        Assert.Equal(ObjectStoreOperation.Read, error.Operation);
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.OpenReadAsync($"s3://{bucket}/missing.orc", CancellationToken.None));
    }

    [S3rverFact]
    public async Task Open_ServesOssUris_ThroughS3CompatibleEndpoint()
    {
        var server = await S3rverServer.GetAsync();
        var bucket = await S3rverBuckets.CreateAsync(server);
        var store = ObjectStores.Open($"oss://{bucket}/t", S3rverBuckets.Settings(server.Endpoint));
        try
        {
            await store.PutAsync($"oss://{bucket}/t/a.orc", new MemoryStream(Bytes(33, 10)), CancellationToken.None);
            var listed = await ListAllAsync(store, $"oss://{bucket}/t/");
            Assert.Equal([$"oss://{bucket}/t/a.orc"], listed.Select(o => o.Uri));
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public async Task StatAsync_FailsTransientInBoundedTime_WhenEndpointRefusesConnections()
    {
        var closedPort = FreePort.Next();
        const string secret = "Secret-Closed-Port-7f3a9c";
        using var store = new S3ObjectStore("s3", S3rverBuckets.Settings($"http://127.0.0.1:{closedPort}", secret) with { MaxAttempts = 3 });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => store.StatAsync("s3://bucket/key.orc", CancellationToken.None));

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        Assert.True(error.IsTransient);
        Assert.False(error.IsNotFound);
        Assert.Equal(ObjectStoreOperation.Stat, error.Operation);
        Assert.Equal("s3://bucket/key.orc", error.Uri);
        Assert.Contains("after 3 attempts", error.Message);
        Assert.NotNull(error.InnerException);
        Assert.DoesNotContain(secret, error.ToString());
    }

    [S3rverFact]
    public async Task Errors_NeverShowSecretKey_WhenServerRejectsCredentials()
    {
        var server = await S3rverServer.GetAsync();
        var bucket = await S3rverBuckets.CreateAsync(server);
        const string secret = "Wrong-Secret-Key-4b1d8e";
        var settings = S3rverBuckets.Settings(server.Endpoint, secret, accessKey: "UNKNOWN-ACCESS-KEY");
        using var store = new S3ObjectStore("s3", settings);

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => store.StatAsync($"s3://{bucket}/k.orc", CancellationToken.None));
        var listError = await Assert.ThrowsAsync<ObjectStoreException>(() => ListAllAsync(store, $"s3://{bucket}/"));

        Assert.False(error.IsTransient);
        Assert.Equal(HttpStatusCode.Forbidden, Assert.IsAssignableFrom<Amazon.Runtime.AmazonServiceException>(listError.InnerException).StatusCode);
        Assert.DoesNotContain(secret, error.ToString());
        Assert.DoesNotContain(secret, listError.ToString());
        Assert.DoesNotContain(secret, settings.ToString());
    }
}
