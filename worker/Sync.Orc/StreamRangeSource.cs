namespace Sync.Orc;

/// <summary>Positional reads from a seekable stream; reads are serialized because a stream has one position.</summary>
public sealed class StreamRangeSource : IRangeSource
{
    private readonly Stream _stream;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Wraps a readable, seekable stream; <paramref name="name"/> appears in error messages.</summary>
    public StreamRangeSource(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek || !stream.CanRead) throw new ArgumentException("the stream must be readable and seekable", nameof(stream));
        _stream = stream;
        Name = name ?? "stream";
        Length = stream.Length;
    }

    public string Name { get; }

    public long Length { get; }

    public async ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken ct)
    {
        if (offset < 0 || offset + destination.Length > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"range {offset}+{destination.Length} lies outside {Name} ({Length} bytes)");
        }
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            _stream.Position = offset;
            await _stream.ReadExactlyAsync(destination, ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
