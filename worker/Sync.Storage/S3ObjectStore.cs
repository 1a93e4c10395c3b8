using System.Buffers;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Sync.Storage.Internal;

namespace Sync.Storage;

/// <summary>
/// <c>s3://</c> or <c>oss://</c> objects through the S3 API (AWSSDK.S3). OSS is reached through its S3-compatible
/// endpoint. Every request is retried on transient failures with exponential backoff; ranged reads resume where
/// a broken transfer stopped; large puts go up as multipart uploads.
/// </summary>
public sealed class S3ObjectStore : IObjectStore, IDisposable
{
    private readonly string _scheme;
    private readonly ObjectStoreSettings _settings;
    private readonly IAmazonS3 _client;
    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger _logger;

    /// <summary>Opens a client for <paramref name="scheme"/> ("s3" or "oss") with that scheme's connection settings.</summary>
    public S3ObjectStore(string scheme, ObjectStoreSettings settings, ILogger<S3ObjectStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _scheme = scheme is ObjectUri.S3Scheme or ObjectUri.OssScheme
            ? scheme
            : throw new ArgumentException($"scheme '{scheme}' is not s3 or oss", nameof(scheme));
        _settings = settings;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _client = CreateClient(scheme, settings);
        _pipeline = RetryPipelines.Create(settings, _logger);
    }

    private static AmazonS3Client CreateClient(string scheme, ObjectStoreSettings settings)
    {
        var connection = settings.ForScheme(scheme);
        var variables = scheme == ObjectUri.OssScheme ? "SYNC_OSS" : "SYNC_S3";
        if (connection.Credentials is not { } credentials)
            throw new ObjectStoreConfigurationException($"{variables}_ACCESS_KEY",
                $"no credentials for {scheme}:// URIs: set {variables}_ACCESS_KEY and {variables}_SECRET_KEY, or {variables}_CREDENTIALS_FILE");
        if (scheme == ObjectUri.OssScheme && connection.Endpoint == null)
            throw new ObjectStoreConfigurationException($"{variables}_ENDPOINT",
                "oss:// URIs need the OSS endpoint, e.g. https://oss-cn-hangzhou.aliyuncs.com");

        var config = new AmazonS3Config
        {
            ForcePathStyle = connection.ForcePathStyle,
            Timeout = settings.RequestTimeout,
            // Retries are ours (RetryPipelines), so that a retried read resumes instead of starting over.
            MaxErrorRetry = 0,
        };
        if (connection.Endpoint != null)
        {
            config.ServiceURL = connection.Endpoint;
            config.AuthenticationRegion = connection.EffectiveRegion;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(connection.EffectiveRegion);
        }

        AWSCredentials awsCredentials = credentials.SessionToken is { } token
            ? new SessionAWSCredentials(credentials.AccessKey, credentials.SecretKey, token)
            : new BasicAWSCredentials(credentials.AccessKey, credentials.SecretKey);
        return new AmazonS3Client(awsCredentials, config);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefixUri, [EnumeratorCancellation] CancellationToken ct)
    {
        var prefix = ParseOwn(prefixUri);
        string? continuation = null;
        do
        {
            var request = new ListObjectsV2Request
            {
                BucketName = prefix.Bucket,
                Prefix = prefix.FolderKey,
                MaxKeys = _settings.ListPageSize,
                ContinuationToken = continuation,
            };
            var page = await RunAsync(ObjectStoreOperation.List, prefixUri,
                token => new ValueTask<ListObjectsV2Response>(_client.ListObjectsV2Async(request, token)), ct).ConfigureAwait(false);
            foreach (var item in page.S3Objects ?? [])
            {
                // Zero-byte "folder/" markers written by consoles are not objects of the folder.
                if (item.Key.EndsWith('/')) continue;
                yield return new ObjectInfo(prefix.WithKey(item.Key).ToString(), item.Size, item.ETag, ToOffset(item.LastModified));
            }
            continuation = page.IsTruncated ? page.NextContinuationToken : null;
            if (page.IsTruncated && string.IsNullOrEmpty(continuation))
                throw new ObjectStoreException($"list {prefixUri} failed: a truncated page came without a continuation token",
                    prefixUri, ObjectStoreOperation.List, isTransient: false);
        }
        while (continuation != null);
    }

    /// <inheritdoc />
    public async Task<ObjectInfo> StatAsync(string uri, CancellationToken ct)
    {
        var location = ParseObject(uri);
        var request = new GetObjectMetadataRequest { BucketName = location.Bucket, Key = location.Key };
        var metadata = await RunAsync(ObjectStoreOperation.Stat, uri,
            token => new ValueTask<GetObjectMetadataResponse>(_client.GetObjectMetadataAsync(request, token)), ct).ConfigureAwait(false);
        return new ObjectInfo(location.ToString(), metadata.ContentLength, metadata.ETag, ToOffset(metadata.LastModified));
    }

    /// <inheritdoc />
    public async ValueTask ReadAsync(string uri, long offset, Memory<byte> destination, CancellationToken ct)
    {
        var location = ParseObject(uri);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (destination.IsEmpty) return;
        var delivered = 0;
        // Each attempt asks only for the bytes not delivered yet; 'delivered' survives a failed attempt.
        await RunAsync(ObjectStoreOperation.Read, uri, async token =>
        {
            await ReadRangeOnceAsync(location, uri, offset + delivered, destination[delivered..], n => delivered += n, token).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
    }

    private async Task ReadRangeOnceAsync(ObjectUri location, string uri, long start, Memory<byte> destination, Action<int> progress, CancellationToken ct)
    {
        var request = new GetObjectRequest
        {
            BucketName = location.Bucket,
            Key = location.Key,
            ByteRange = new ByteRange(start, start + destination.Length - 1),
        };
        using var response = await _client.GetObjectAsync(request, ct).ConfigureAwait(false);
        if (response.ContentLength < destination.Length)
        {
            throw new ObjectStoreException(
                $"read {uri} failed: asked for {destination.Length} bytes at offset {start}, the object holds only {response.ContentLength} there ({response.ContentRange})",
                uri, ObjectStoreOperation.Read, isTransient: false);
        }

        var body = response.ResponseStream;
        var filled = 0;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        while (filled < destination.Length)
        {
            timeout.CancelAfter(_settings.RequestTimeout);
            int n;
            try
            {
                n = await body.ReadAsync(destination[filled..], timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"no data from {uri} for {_settings.RequestTimeout.TotalSeconds:0.#} s at offset {start + filled}");
            }
            if (n == 0) throw new IOException($"the transfer of {uri} ended at offset {start + filled}, before offset {start + destination.Length}");
            filled += n;
            progress(n);
        }
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(string uri, CancellationToken ct)
    {
        var location = ParseObject(uri);
        var first = await RunAsync(ObjectStoreOperation.Read, uri,
            token => new ValueTask<GetObjectResponse>(_client.GetObjectAsync(location.Bucket, location.Key, token)), ct).ConfigureAwait(false);
        var etag = first.ETag;
        var length = first.ContentLength;

        async Task<Stream> OpenAtAsync(long position, CancellationToken token)
        {
            // Pinned to the version first seen: a changed object fails with 412 instead of splicing two versions.
            var response = await _client.GetObjectAsync(new GetObjectRequest
            {
                BucketName = location.Bucket,
                Key = location.Key,
                ByteRange = new ByteRange(position, length - 1),
                EtagToMatch = etag,
            }, token).ConfigureAwait(false);
            return new OwnedResponseStream(response);
        }

        return new ResumingReadStream(new OwnedResponseStream(first), length, uri, _settings.RequestTimeout, OpenAtAsync,
            (attempt, token) => RunAsync(ObjectStoreOperation.Read, uri, attempt, token));
    }

    /// <inheritdoc />
    public async Task PutAsync(string uri, Stream content, CancellationToken ct)
    {
        var location = ParseObject(uri);
        ArgumentNullException.ThrowIfNull(content);
        var partSize = _settings.PartSize;
        var first = ArrayPool<byte>.Shared.Rent(partSize);
        try
        {
            var firstLength = await FillAsync(content, first.AsMemory(0, partSize), uri, ct).ConfigureAwait(false);
            if (firstLength < partSize)
            {
                // Fits in one request: a single PutObject is atomic.
                await RunAsync(ObjectStoreOperation.Put, uri, async token =>
                {
                    using var body = new MemoryStream(first, 0, firstLength, writable: false);
                    await _client.PutObjectAsync(new PutObjectRequest
                    {
                        BucketName = location.Bucket,
                        Key = location.Key,
                        InputStream = body,
                        AutoCloseStream = false,
                        UseChunkEncoding = false,
                    }, token).ConfigureAwait(false);
                    return true;
                }, ct).ConfigureAwait(false);
                return;
            }
            await PutMultipartAsync(location, uri, content, first, firstLength, ct).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(first);
        }
    }

    // The object appears only when the upload completes, so readers never see a part of it.
    private async Task PutMultipartAsync(ObjectUri location, string uri, Stream content, byte[] buffer, int length, CancellationToken ct)
    {
        var upload = await RunAsync(ObjectStoreOperation.Put, uri,
            token => new ValueTask<InitiateMultipartUploadResponse>(_client.InitiateMultipartUploadAsync(
                new InitiateMultipartUploadRequest { BucketName = location.Bucket, Key = location.Key }, token)), ct).ConfigureAwait(false);
        try
        {
            var parts = new List<PartETag>();
            while (length > 0)
            {
                var partNumber = parts.Count + 1;
                var partLength = length;
                var uploaded = await RunAsync(ObjectStoreOperation.Put, uri, async token =>
                {
                    using var body = new MemoryStream(buffer, 0, partLength, writable: false);
                    return await _client.UploadPartAsync(new UploadPartRequest
                    {
                        BucketName = location.Bucket,
                        Key = location.Key,
                        UploadId = upload.UploadId,
                        PartNumber = partNumber,
                        PartSize = partLength,
                        InputStream = body,
                        UseChunkEncoding = false,
                    }, token).ConfigureAwait(false);
                }, ct).ConfigureAwait(false);
                parts.Add(new PartETag(partNumber, uploaded.ETag));
                length = await FillAsync(content, buffer.AsMemory(0, _settings.PartSize), uri, ct).ConfigureAwait(false);
            }

            await RunAsync(ObjectStoreOperation.Put, uri,
                token => new ValueTask<CompleteMultipartUploadResponse>(_client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
                {
                    BucketName = location.Bucket,
                    Key = location.Key,
                    UploadId = upload.UploadId,
                    PartETags = parts,
                }, token)), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || ct.IsCancellationRequested)
        {
            await AbortAsync(location, uri, upload.UploadId).ConfigureAwait(false);
            throw;
        }
    }

    private async Task AbortAsync(ObjectUri location, string uri, string uploadId)
    {
        try
        {
            // Not tied to the caller's token: a cancelled put still cleans up its parts.
            using var timeout = new CancellationTokenSource(_settings.RequestTimeout);
            await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
            {
                BucketName = location.Bucket,
                Key = location.Key,
                UploadId = uploadId,
            }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or OperationCanceledException)
        {
            StorageLog.AbortFailed(_logger, uri, uploadId, S3Errors.Describe(e));
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(string uri, CancellationToken ct)
    {
        var location = ParseObject(uri);
        return RunAsync(ObjectStoreOperation.Delete, uri,
            token => new ValueTask<DeleteObjectResponse>(_client.DeleteObjectAsync(location.Bucket, location.Key, token)), ct).AsTask();
    }

    public void Dispose() => _client.Dispose();

    private async ValueTask<T> RunAsync<T>(ObjectStoreOperation operation, string uri, Func<CancellationToken, ValueTask<T>> action, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(RetryPipelines.Target, (operation, uri));
        try
        {
            return await _pipeline.ExecuteAsync(
                static (ctx, state) => state(ctx.CancellationToken), context, action).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw S3Errors.Wrap(e, uri, operation, _settings.MaxAttempts, ct);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static async Task<int> FillAsync(Stream content, Memory<byte> buffer, string uri, CancellationToken ct)
    {
        var filled = 0;
        try
        {
            while (filled < buffer.Length)
            {
                var n = await content.ReadAsync(buffer[filled..], ct).ConfigureAwait(false);
                if (n == 0) break;
                filled += n;
            }
        }
        catch (IOException e)
        {
            throw new ObjectStoreException($"put {uri} failed: reading the content to upload failed: {e.Message}", uri, ObjectStoreOperation.Put, isTransient: false, e);
        }
        return filled;
    }

    private ObjectUri ParseOwn(string uri)
    {
        var location = ObjectUri.Parse(uri);
        if (location.Scheme != _scheme)
            throw new ArgumentException($"URI '{uri}' is not a {_scheme}:// URI; open a store for it with ObjectStores.Open", nameof(uri));
        return location;
    }

    private ObjectUri ParseObject(string uri)
    {
        var location = ParseOwn(uri);
        if (location.Key.Length == 0 || location.Key.EndsWith('/'))
            throw new ArgumentException($"URI '{uri}' names a folder, not an object", nameof(uri));
        return location;
    }

    private static DateTimeOffset ToOffset(DateTime time) =>
        time.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)) : new DateTimeOffset(time.ToUniversalTime());

    /// <summary>A response body that disposes its response (and so its connection) with it.</summary>
    private sealed class OwnedResponseStream(GetObjectResponse response) : Stream
    {
        private readonly Stream _body = response.ResponseStream;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => response.ContentLength;
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _body.ReadAsync(buffer, cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => _body.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) response.Dispose();
            base.Dispose(disposing);
        }
    }
}
