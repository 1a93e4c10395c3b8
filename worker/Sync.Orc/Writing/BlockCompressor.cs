using System.IO.Compression;
using K4os.Compression.LZ4;
using Snappier;
using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>Compresses one block of a stream with the file's codec; the caller keeps the original when it does not shrink.</summary>
internal abstract class BlockCompressor : IDisposable
{
    public abstract CompressionKind Kind { get; }

    /// <summary>Compresses <paramref name="source"/> into <paramref name="destination"/>; returns the length, or -1 when it would not be smaller.</summary>
    public abstract int Compress(ReadOnlySpan<byte> source, Span<byte> destination);

    /// <summary>Room the destination needs for a block of <paramref name="length"/> bytes.</summary>
    public abstract int MaxCompressedLength(int length);

    public virtual void Dispose()
    {
    }

    /// <summary>The compressor for a codec, or null for NONE.</summary>
    public static BlockCompressor? Create(CompressionKind kind) => kind switch
    {
        CompressionKind.None => null,
        CompressionKind.Zlib => new ZlibBlockCompressor(),
        CompressionKind.Snappy => new SnappyBlockCompressor(),
        CompressionKind.Zstd => Sync.Orc.Compression.NativeZstd.IsAvailable ? new NativeZstdBlockCompressor() : new ZstdBlockCompressor(),
        CompressionKind.Lz4 => new Lz4BlockCompressor(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "the ORC writer supports NONE, ZLIB, SNAPPY, LZ4 and ZSTD"),
    };

    /// <summary>ORC's ZLIB is raw deflate (no zlib header), at the fastest level like Java's default SPEED strategy.</summary>
    private sealed class ZlibBlockCompressor : BlockCompressor
    {
        private readonly SpanStream _sink = new();

        public override CompressionKind Kind => CompressionKind.Zlib;

        public override int MaxCompressedLength(int length) => length + (length >> 3) + 64;

        public override int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
        {
            var room = Math.Min(destination.Length, source.Length);
            _sink.Reset(room);
            using (var deflate = new DeflateStream(_sink, CompressionLevel.Fastest, leaveOpen: true))
            {
                deflate.Write(source);
            }
            if (_sink.Overflowed || _sink.Written >= source.Length) return -1;
            _sink.Buffer.AsSpan(0, _sink.Written).CopyTo(destination);
            return _sink.Written;
        }

        /// <summary>A bounded write-only stream: stops collecting once the output is no better than the input.</summary>
        private sealed class SpanStream : System.IO.Stream
        {
            private int _limit;

            public byte[] Buffer { get; private set; } = new byte[1024];

            public int Written { get; private set; }

            public bool Overflowed { get; private set; }

            public void Reset(int limit)
            {
                _limit = limit;
                if (Buffer.Length < limit) Buffer = new byte[limit];
                Written = 0;
                Overflowed = false;
            }

            public override void Write(ReadOnlySpan<byte> buffer)
            {
                if (Overflowed) return;
                if (Written + buffer.Length > _limit)
                {
                    Overflowed = true;
                    return;
                }
                buffer.CopyTo(Buffer.AsSpan(Written));
                Written += buffer.Length;
            }

            public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

            public override bool CanRead => false;

            public override bool CanSeek => false;

            public override bool CanWrite => true;

            public override long Length => Written;

            public override long Position { get => Written; set => throw new NotSupportedException(); }

            public override void Flush()
            {
            }

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();
        }
    }

    private sealed class SnappyBlockCompressor : BlockCompressor
    {
        public override CompressionKind Kind => CompressionKind.Snappy;

        public override int MaxCompressedLength(int length) => Snappy.GetMaxCompressedLength(length);

        public override int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
        {
            var n = Snappy.Compress(source, destination);
            return n < source.Length ? n : -1;
        }
    }

    /// <summary>ORC's LZ4 is the raw block format, without the frame.</summary>
    private sealed class Lz4BlockCompressor : BlockCompressor
    {
        public override CompressionKind Kind => CompressionKind.Lz4;

        public override int MaxCompressedLength(int length) => LZ4Codec.MaximumOutputSize(length);

        public override int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
        {
            var n = LZ4Codec.Encode(source, destination, LZ4Level.L00_FAST);
            return n > 0 && n < source.Length ? n : -1;
        }
    }

    /// <summary>
    /// Level 1 through native libzstd where it loads (see NativeZstd): the same format at about twice the managed
    /// port's speed, which matters to the feature sync, whose workers encode files while they read.
    /// </summary>
    private sealed class NativeZstdBlockCompressor : BlockCompressor
    {
        private readonly ZstdNet.CompressionOptions _options = new(1);
        private readonly ZstdNet.Compressor _compressor;

        public NativeZstdBlockCompressor() => _compressor = new ZstdNet.Compressor(_options);

        public override CompressionKind Kind => CompressionKind.Zstd;

        public override int MaxCompressedLength(int length) => ZstdNet.Compressor.GetCompressBound(length);

        public override int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
        {
            var n = _compressor.Wrap(source, destination);
            return n < source.Length ? n : -1;
        }

        public override void Dispose()
        {
            _compressor.Dispose();
            _options.Dispose();
        }
    }

    /// <summary>Level 1, the default of Apache ORC's writers, in managed code where native libzstd does not load.</summary>
    private sealed class ZstdBlockCompressor : BlockCompressor
    {
        private readonly ZstdSharp.Compressor _compressor = new(1);

        public override CompressionKind Kind => CompressionKind.Zstd;

        public override int MaxCompressedLength(int length) => ZstdSharp.Compressor.GetCompressBound(length);

        public override int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
        {
            var n = _compressor.Wrap(source, destination);
            return n < source.Length ? n : -1;
        }

        public override void Dispose() => _compressor.Dispose();
    }
}
