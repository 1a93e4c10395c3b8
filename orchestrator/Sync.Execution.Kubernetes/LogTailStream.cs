namespace Sync.Execution.Kubernetes;

/// <summary>
/// A read-only pass-through that remembers the last bytes read, so the worker's result line (its last stdout line)
/// can be parsed from a log that is streamed to a sink without holding the whole log in memory.
/// </summary>
internal sealed class LogTailStream : Stream
{
    private readonly Stream _inner;
    private readonly byte[] _ring;
    private long _total;

    public LogTailStream(Stream inner, int tailBytes)
    {
        _inner = inner;
        _ring = new byte[tailBytes];
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException("a log stream has no length");
    public override long Position
    {
        get => _total;
        set => throw new NotSupportedException("a log stream cannot seek");
    }

    /// <summary>The last bytes read (at most the tail size), in order.</summary>
    public byte[] Tail()
    {
        var count = (int)Math.Min(_total, _ring.Length);
        var tail = new byte[count];
        var start = (int)((_total - count) % _ring.Length);
        var first = Math.Min(count, _ring.Length - start);
        Array.Copy(_ring, start, tail, 0, first);
        Array.Copy(_ring, 0, tail, first, count - first);
        return tail;
    }

    public override int Read(byte[] buffer, int offset, int count) => Remember(buffer.AsSpan(offset, _inner.Read(buffer, offset, count)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Remember(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("a log stream cannot seek");
    public override void SetLength(long value) => throw new NotSupportedException("a log stream is read-only");
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("a log stream is read-only");

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }

    private int Remember(ReadOnlySpan<byte> data)
    {
        if (data.Length >= _ring.Length)
        {
            data[^_ring.Length..].CopyTo(_ring);
            _total += data.Length;
            // Realign so the ring's logical start matches _total.
            var shift = (int)(_total % _ring.Length);
            if (shift != 0)
            {
                var copy = (byte[])_ring.Clone();
                for (var i = 0; i < _ring.Length; i++) _ring[(i + shift) % _ring.Length] = copy[i];
            }
            return data.Length;
        }
        var position = (int)(_total % _ring.Length);
        var firstPart = Math.Min(data.Length, _ring.Length - position);
        data[..firstPart].CopyTo(_ring.AsSpan(position));
        data[firstPart..].CopyTo(_ring);
        _total += data.Length;
        return data.Length;
    }
}
