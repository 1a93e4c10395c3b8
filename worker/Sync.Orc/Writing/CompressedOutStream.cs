using System.Buffers;

namespace Sync.Orc.Writing;

/// <summary>
/// One ORC stream of a stripe, held in memory: bytes are cut into blocks of the compression block size, each
/// compressed and framed by the 3-byte chunk header (length &lt;&lt; 1 | isOriginal), or stored as is without a codec.
/// Positions are recorded as the reader seeks them: [chunk offset, offset inside the chunk] when compressed,
/// [byte offset] when not.
/// </summary>
internal sealed class CompressedOutStream : IDisposable
{
    private const int HeaderLength = 3;
    private readonly BlockCompressor? _codec;
    private readonly int _blockSize;
    private readonly ChunkedBuffer _output = new();
    private byte[]? _current;
    private int _currentLength;
    private byte[]? _scratch;

    public CompressedOutStream(BlockCompressor? codec, int blockSize)
    {
        _codec = codec;
        _blockSize = blockSize;
    }

    /// <summary>Bytes this stream will take in the file if flushed now (pending block counted uncompressed).</summary>
    public long EstimatedLength => _output.Length + _currentLength + (_currentLength > 0 ? HeaderLength : 0);

    /// <summary>Bytes of the finished stream; valid after <see cref="Flush"/>.</summary>
    public long Length => _output.Length;

    public bool IsSuppressed { get; private set; }

    public void WriteByte(byte value)
    {
        if (_codec == null)
        {
            _output.WriteByte(value);
            return;
        }
        _current ??= ArrayPool<byte>.Shared.Rent(_blockSize);
        _current[_currentLength++] = value;
        if (_currentLength == _blockSize) Spill();
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        if (_codec == null)
        {
            _output.Write(data);
            return;
        }
        _current ??= ArrayPool<byte>.Shared.Rent(_blockSize);
        while (!data.IsEmpty)
        {
            var n = Math.Min(data.Length, _blockSize - _currentLength);
            data[..n].CopyTo(_current.AsSpan(_currentLength));
            _currentLength += n;
            data = data[n..];
            if (_currentLength == _blockSize) Spill();
        }
    }

    public void RecordPosition(List<ulong> positions)
    {
        if (_codec == null)
        {
            positions.Add((ulong)_output.Length);
        }
        else
        {
            positions.Add((ulong)_output.Length);
            positions.Add((ulong)_currentLength);
        }
    }

    /// <summary>Compresses the pending partial block; call once at the end of the stripe.</summary>
    public void Flush()
    {
        if (_currentLength > 0) Spill();
    }

    /// <summary>Drops this stream from the stripe (a PRESENT stream of a column without nulls).</summary>
    public void Suppress() => IsSuppressed = true;

    public ValueTask CopyToAsync(Stream destination, CancellationToken ct) => _output.CopyToAsync(destination, ct);

    public void CopyTo(ChunkedBuffer destination) => _output.CopyTo(destination);

    /// <summary>The finished bytes (after <see cref="Flush"/>), for metadata sections and tests.</summary>
    public byte[] ToArray() => _output.ToArray();

    /// <summary>Empties the stream for the next stripe.</summary>
    public void Reset()
    {
        _output.Clear();
        _currentLength = 0;
        IsSuppressed = false;
    }

    public void Dispose()
    {
        _output.Dispose();
        if (_current != null) ArrayPool<byte>.Shared.Return(_current);
        if (_scratch != null) ArrayPool<byte>.Shared.Return(_scratch);
        _current = null;
        _scratch = null;
    }

    private void Spill()
    {
        var codec = _codec!;
        var source = _current.AsSpan(0, _currentLength);
        _scratch ??= ArrayPool<byte>.Shared.Rent(codec.MaxCompressedLength(_blockSize));
        var compressed = codec.Compress(source, _scratch);
        Span<byte> header = stackalloc byte[HeaderLength];
        if (compressed < 0)
        {
            WriteHeader(header, _currentLength, isOriginal: true);
            _output.Write(header);
            _output.Write(source);
        }
        else
        {
            WriteHeader(header, compressed, isOriginal: false);
            _output.Write(header);
            _output.Write(_scratch.AsSpan(0, compressed));
        }
        _currentLength = 0;
    }

    private static void WriteHeader(Span<byte> header, int length, bool isOriginal)
    {
        var value = (length << 1) | (isOriginal ? 1 : 0);
        header[0] = (byte)value;
        header[1] = (byte)(value >> 8);
        header[2] = (byte)(value >> 16);
    }
}
