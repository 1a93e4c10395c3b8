namespace Sync.Storage.Internal;

/// <summary>
/// A forward-only stream of an object that, when a transfer breaks, reopens the object at the current position
/// and carries on. Retries go through the store's policy; the opener pins the version seen first (If-Match).
/// </summary>
internal sealed class ResumingReadStream : Stream
{
    /// <summary>Runs one read attempt under the store's retry policy and error wrapping.</summary>
    public delegate ValueTask<int> RetryingRead(Func<CancellationToken, ValueTask<int>> attempt, CancellationToken ct);

    private readonly Func<long, CancellationToken, Task<Stream>> _openAt;
    private readonly RetryingRead _retrying;
    private readonly TimeSpan _readTimeout;
    private readonly string _uri;
    private Stream? _inner;
    private long _position;

    public ResumingReadStream(Stream first, long length, string uri, TimeSpan readTimeout,
        Func<long, CancellationToken, Task<Stream>> openAt, RetryingRead retrying)
    {
        _inner = first;
        Length = length;
        _uri = uri;
        _readTimeout = readTimeout;
        _openAt = openAt;
        _retrying = retrying;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length { get; }

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException("the object stream reads forward only");
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0 || _position >= Length) return ValueTask.FromResult(0);
        return _retrying(ct => ReadOnceAsync(buffer, ct), cancellationToken);
    }

    private async ValueTask<int> ReadOnceAsync(Memory<byte> buffer, CancellationToken ct)
    {
        try
        {
            _inner ??= await _openAt(_position, ct).ConfigureAwait(false);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_readTimeout);
            int n;
            try
            {
                n = await _inner.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"no data from {_uri} for {_readTimeout.TotalSeconds:0.#} s at byte {_position}");
            }
            if (n == 0) throw new IOException($"the transfer of {_uri} ended at byte {_position} of {Length}");
            _position += n;
            return n;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The broken connection is dropped; the next attempt reopens at _position.
            if (_inner != null) await _inner.DisposeAsync().ConfigureAwait(false);
            _inner = null;
            throw;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Synchronous callers (Stream.CopyTo and the like) block on the async path; there is one read path.
    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("the object stream reads forward only");

    public override void SetLength(long value) => throw new NotSupportedException("the object stream is read-only");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("the object stream is read-only");

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner?.Dispose();
        _inner = null;
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_inner != null) await _inner.DisposeAsync().ConfigureAwait(false);
        _inner = null;
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
