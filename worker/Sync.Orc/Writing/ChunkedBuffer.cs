using System.Buffers;

namespace Sync.Orc.Writing;

/// <summary>
/// An append-only byte buffer made of pooled chunks, so a growing stripe never copies what it already holds.
/// </summary>
internal sealed class ChunkedBuffer : IDisposable
{
    private const int ChunkSize = 64 * 1024;
    private readonly List<byte[]> _chunks = [];
    private int _usedInLast = ChunkSize;

    /// <summary>Bytes appended since the last <see cref="Clear"/>.</summary>
    public long Length { get; private set; }

    public void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_usedInLast == ChunkSize)
            {
                _chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkSize));
                _usedInLast = 0;
            }
            var n = Math.Min(data.Length, ChunkSize - _usedInLast);
            data[..n].CopyTo(_chunks[^1].AsSpan(_usedInLast, n));
            _usedInLast += n;
            Length += n;
            data = data[n..];
        }
    }

    public void WriteByte(byte value)
    {
        if (_usedInLast == ChunkSize)
        {
            _chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkSize));
            _usedInLast = 0;
        }
        _chunks[^1][_usedInLast++] = value;
        Length++;
    }

    public async ValueTask CopyToAsync(Stream destination, CancellationToken ct)
    {
        for (var i = 0; i < _chunks.Count; i++)
        {
            var n = i == _chunks.Count - 1 ? _usedInLast : ChunkSize;
            await destination.WriteAsync(_chunks[i].AsMemory(0, n), ct).ConfigureAwait(false);
        }
    }

    public void CopyTo(ChunkedBuffer destination)
    {
        for (var i = 0; i < _chunks.Count; i++)
        {
            var n = i == _chunks.Count - 1 ? _usedInLast : ChunkSize;
            destination.Write(_chunks[i].AsSpan(0, n));
        }
    }

    public byte[] ToArray()
    {
        var result = new byte[Length];
        var at = 0;
        for (var i = 0; i < _chunks.Count; i++)
        {
            var n = i == _chunks.Count - 1 ? _usedInLast : ChunkSize;
            _chunks[i].AsSpan(0, n).CopyTo(result.AsSpan(at));
            at += n;
        }
        return result;
    }

    public void Clear()
    {
        foreach (var chunk in _chunks) ArrayPool<byte>.Shared.Return(chunk);
        _chunks.Clear();
        _usedInLast = ChunkSize;
        Length = 0;
    }

    public void Dispose() => Clear();
}
