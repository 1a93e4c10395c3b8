using System.Buffers;
using System.Runtime.CompilerServices;
using Sync.Orc.Compression;

namespace Sync.Orc.Encoding;

/// <summary>
/// One stream of a stripe, read forward with bounds checks. A compressed stream is decompressed one chunk at a
/// time into a pooled buffer of at most one compression block, so a column never holds more than a block of
/// decoded bytes; stored chunks are read in place. Reads that straddle chunks are gathered into a pooled scratch
/// buffer. <see cref="Dispose"/> returns the pooled buffers.
/// </summary>
internal sealed class StreamInput : IDisposable
{
    private const int WindowBytes = 256 * 1024;
    private readonly FileRangeSource? _file;
    private readonly long _fileEnd;
    private long _fileNext;
    private long _windowStart;
    private byte[] _raw;
    private int _rawEnd;
    private readonly BlockDecompressor? _codec;
    private readonly int _blockSize;
    private int _rawStart;
    private byte[] _buffer;
    private int _position;
    private int _end;
    private int _rawPosition;
    private long _restBound;
    private long _consumed;
    private int _chunkStart;
    private byte[]? _chunk;
    private byte[]? _scratch;

    /// <summary>An uncompressed stream: bytes [offset, offset + length) of <paramref name="buffer"/>.</summary>
    public StreamInput(byte[] buffer, int offset, int length, StreamContext context)
    {
        _raw = buffer;
        _buffer = buffer;
        _position = offset;
        _end = offset + length;
        _rawStart = offset;
        _rawPosition = _rawEnd = offset + length;
        Context = context;
    }

    private StreamInput(byte[] raw, int offset, int length, BlockDecompressor codec, int blockSize, long bound, StreamContext context)
    {
        _raw = raw;
        _buffer = raw;
        _position = _end = _chunkStart = offset;
        _rawStart = _rawPosition = offset;
        _rawEnd = offset + length;
        _codec = codec;
        _blockSize = blockSize;
        _restBound = bound;
        Context = context;
    }

    private StreamInput(FileRangeSource file, long offset, int length, BlockDecompressor? codec, int blockSize, StreamContext context)
    {
        _file = file;
        _fileNext = _windowStart = offset;
        _fileEnd = offset + length;
        _raw = _buffer = [];
        _codec = codec;
        _blockSize = blockSize;
        // without the bytes in hand, the decoded size is bounded by the chunk count (every chunk has a 3-byte header)
        _restBound = codec == null ? length : ((length / 3) + 1) * (long)blockSize;
        Context = context;
    }

    public StreamContext Context { get; }

    /// <summary>
    /// A stream left in the file: read a window (256 KiB, or a whole chunk if larger) at a time while decoding, so
    /// memory does not grow with the stripe. Chunk headers are checked as they are reached.
    /// </summary>
    public static StreamInput Windowed(FileRangeSource file, long offset, int length, BlockDecompressor? codec, int blockSize, StreamContext context) =>
        new(file, offset, length, codec, blockSize, context);

    /// <summary>At most this many decoded bytes are left (exact for uncompressed streams); bounds allocations.</summary>
    public long Remaining => _end - _position + _restBound;

    public static StreamInput Empty(StreamContext context) => new([], 0, 0, context);

    /// <summary>
    /// A compressed stream framed in ORC chunks (3-byte header: length &lt;&lt; 1 | isOriginal). Every header is
    /// checked here, before anything is decoded, and the decoded size bounded from them.
    /// </summary>
    public static StreamInput Compressed(byte[] raw, int offset, int length, BlockDecompressor codec, int blockSize, StreamContext context) =>
        new(raw, offset, length, codec, blockSize, DecodedBound(raw, offset, length, codec, blockSize, context), context);

    /// <summary>Checks every chunk header of a compressed stream and returns the most bytes it can decode to.</summary>
    public static long DecodedBound(byte[] raw, int offset, int length, BlockDecompressor codec, int blockSize, StreamContext context)
    {
        long bound = 0;
        var pos = offset;
        var end = offset + length;
        while (pos < end)
        {
            var chunk = ReadHeader(raw, pos, end, offset, length, blockSize, context, out var original);
            pos += 3;
            bound += original ? chunk : ChunkBound(raw, pos, chunk, codec, blockSize, context);
            pos += chunk;
        }
        return bound;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte ReadByte()
    {
        if (_position < _end) return _buffer[_position++];
        return ReadByteSlow();
    }

    /// <summary>The next <paramref name="count"/> bytes; valid until the next read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<byte> ReadSpan(int count)
    {
        if (count < 0) throw EndOfStream();
        if (count <= _end - _position)
        {
            var span = new ReadOnlySpan<byte>(_buffer, _position, count);
            _position += count;
            return span;
        }
        if (count > Remaining) throw EndOfStream();
        if (_scratch == null || _scratch.Length < count)
        {
            if (_scratch != null) ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = null;
            _scratch = ArrayPool<byte>.Shared.Rent(count);
        }
        ReadExactly(_scratch.AsSpan(0, count));
        return new ReadOnlySpan<byte>(_scratch, 0, count);
    }

    /// <summary>Fills <paramref name="destination"/> from the stream, across chunks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ReadExactly(Span<byte> destination)
    {
        var done = 0;
        while (done < destination.Length)
        {
            if (_position == _end && !NextChunk()) throw EndOfStream();
            var n = Math.Min(_end - _position, destination.Length - done);
            _buffer.AsSpan(_position, n).CopyTo(destination[done..]);
            _position += n;
            done += n;
        }
    }

    /// <summary>Base-128 varint, little-endian groups, at most 10 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ulong ReadVarUInt64()
    {
        ulong result = 0;
        var shift = 0;
        while (true)
        {
            var b = ReadByte();
            if (shift == 63 && b > 1) throw Context.Error("varint overflows 64 bits");
            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return result;
            shift += 7;
            if (shift > 63) throw Context.Error("varint longer than 10 bytes");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    public long ReadVarInt64Signed() => ZigZag(ReadVarUInt64());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ZigZag(ulong v) => (long)(v >> 1) ^ -(long)(v & 1);

    public OrcFormatException EndOfStream() =>
        Context.Error(_codec == null
            ? $"unexpected end of stream after {_position - _rawStart} of {_rawEnd - _rawStart} bytes"
            : $"unexpected end of stream after {_consumed + _position - _chunkStart} decoded bytes ({_rawPosition - _rawStart} of {_rawEnd - _rawStart} compressed bytes read)");

    public void Dispose()
    {
        _codec?.Dispose();
        if (_chunk != null) ArrayPool<byte>.Shared.Return(_chunk);
        if (_scratch != null) ArrayPool<byte>.Shared.Return(_scratch);
        if (_file != null && _raw.Length > 0) ArrayPool<byte>.Shared.Return(_raw);
        _raw = [];
        _chunk = null;
        _scratch = null;
        _buffer = [];
        _position = _end = 0;
        _restBound = 0;
        _rawPosition = _rawEnd;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private byte ReadByteSlow()
    {
        while (_position == _end)
        {
            if (!NextChunk()) throw EndOfStream();
        }
        return _buffer[_position++];
    }

    /// <summary>Moves to the next chunk of a compressed stream; false at the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool NextChunk()
    {
        if (_file != null)
        {
            if (!FillWindow()) return false;
            if (_codec == null) return true;
        }
        if (_codec == null || _rawPosition >= _rawEnd) return false;
        var chunk = ReadHeader(_raw, _rawPosition, _rawEnd, _rawStart, _rawEnd - _rawStart, _blockSize, Context, out var original);
        var at = _rawPosition;
        _rawPosition += 3;
        _consumed += _end - _chunkStart;
        if (original)
        {
            _buffer = _raw;
            _position = _rawPosition;
            _end = _rawPosition + chunk;
            _chunkStart = _position;
            _restBound -= chunk;
        }
        else
        {
            var room = ChunkBound(_raw, _rawPosition, chunk, _codec, _blockSize, Context);
            _restBound -= room;
            if (_chunk == null || _chunk.Length < room)
            {
                if (_chunk != null) ArrayPool<byte>.Shared.Return(_chunk);
                _chunk = null;
                _chunk = ArrayPool<byte>.Shared.Rent((int)Math.Max(room, 1));
            }
            int written;
            try
            {
                written = _codec.Decompress(_raw, _rawPosition, chunk, _chunk.AsSpan(0, (int)room));
            }
            catch (Exception ex) when (ex is InvalidDataException or ArgumentException or IndexOutOfRangeException or InvalidOperationException)
            {
                throw Context.Error($"corrupt compressed chunk at byte {at - _rawStart}: {ex.Message}", ex);
            }
            _buffer = _chunk;
            _position = _chunkStart = 0;
            _end = written;
        }
        _rawPosition += chunk;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    /// <summary>
    /// For a windowed stream: makes the next unit readable. Uncompressed, the next window becomes the current
    /// buffer; compressed, the window is refilled (from the next chunk header) unless it already holds the whole
    /// next chunk. False at the end of the stream.
    /// </summary>
    private bool FillWindow()
    {
        var file = _file!;
        var next = _codec == null ? _fileNext : _windowStart + _rawPosition;
        if (next >= _fileEnd) return false;
        if (_codec == null)
        {
            var n = (int)Math.Min(WindowBytes, _fileEnd - next);
            EnsureWindowCapacity(n);
            _consumed += _end - _chunkStart;
            file.Read(next, _raw.AsSpan(0, n));
            _buffer = _raw;
            _position = _chunkStart = 0;
            _end = n;
            _fileNext = next + n;
            _restBound = _fileEnd - _fileNext;
            return true;
        }
        var have = _windowStart + _rawEnd - next;
        if (have >= 3)
        {
            var header = _raw[_rawPosition] | (_raw[_rawPosition + 1] << 8) | (_raw[_rawPosition + 2] << 16);
            if (3 + (header >> 1) <= have) return true;
        }
        // read from the next header: a window, or more when the chunk is larger
        Span<byte> head = stackalloc byte[3];
        if (_fileEnd - next < 3) throw Context.Error($"compression chunk header truncated: {_fileEnd - next} bytes left in the stream");
        file.Read(next, head);
        var need = 3 + ((head[0] | (head[1] << 8) | (head[2] << 16)) >> 1);
        var length = (int)Math.Min(Math.Max(WindowBytes, need), _fileEnd - next);
        EnsureWindowCapacity(length);
        file.Read(next, _raw.AsSpan(0, length));
        _windowStart = next;
        _rawStart = 0;
        _rawPosition = 0;
        _rawEnd = length;
        return true;
    }

    private void EnsureWindowCapacity(int length)
    {
        if (_raw.Length >= length) return;
        if (_raw.Length > 0) ArrayPool<byte>.Shared.Return(_raw);
        _raw = [];
        _raw = ArrayPool<byte>.Shared.Rent(length);
    }

    private static int ReadHeader(byte[] raw, int pos, int end, int start, int length, int blockSize, StreamContext context, out bool original)
    {
        if (end - pos < 3) throw context.Error($"compression chunk header truncated at byte {pos - start} of {length}");
        var header = raw[pos] | (raw[pos + 1] << 8) | (raw[pos + 2] << 16);
        var chunk = header >> 1;
        original = (header & 1) == 1;
        if (chunk > end - pos - 3) throw context.Error($"compression chunk of {chunk} bytes at byte {pos - start} passes the end of the {length}-byte stream");
        if (original && chunk > blockSize) throw context.Error($"stored chunk of {chunk} bytes exceeds the compression block size {blockSize}");
        return chunk;
    }

    /// <summary>Most bytes a compressed chunk may decode to: its recorded size when the codec keeps one, never above the block size.</summary>
    private static long ChunkBound(byte[] raw, int pos, int chunk, BlockDecompressor codec, int blockSize, StreamContext context)
    {
        int? exact;
        try
        {
            exact = codec.DecompressedLength(new ReadOnlySpan<byte>(raw, pos, chunk));
        }
        catch (InvalidDataException ex)
        {
            throw context.Error(ex.Message, ex);
        }
        if (exact is { } e && (e < 0 || e > blockSize)) throw context.Error($"compressed chunk claims {e} bytes, more than the compression block size {blockSize}");
        return exact ?? codec.MaxDecompressedLength(chunk, blockSize);
    }
}
