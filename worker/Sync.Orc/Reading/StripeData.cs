using System.Buffers;
using Sync.Orc.Compression;
using Sync.Orc.Encoding;
using Sync.Orc.Proto;

namespace Sync.Orc.Reading;

/// <summary>
/// The raw (still compressed) streams of the selected columns of one stripe, plus its footer. Owns the pooled
/// buffers they sit in and the chunk buffers of every stream input handed out, until disposed; Arrow arrays
/// built from it copy what they keep.
/// </summary>
internal sealed class StripeData : IDisposable
{
    private readonly Dictionary<(int Column, Proto.Stream.Types.Kind Kind), DecodedBuffer> _streams;
    private readonly List<byte[]> _owned;
    private readonly List<StreamInput> _inputs = [];
    private readonly OrcCompression _compression;
    private readonly int _blockSize;
    private readonly bool _nativeZstd;
    private readonly FileRangeSource? _file;
    private readonly Dictionary<(int Column, Proto.Stream.Types.Kind Kind), (long Offset, int Length)>? _ranges;

    public StripeData(string file, int stripe, StripeFooter footer, Dictionary<(int, Proto.Stream.Types.Kind), DecodedBuffer> streams, List<byte[]> owned, TimeZoneInfo writerZone, bool decimal64, OrcCompression compression, int blockSize, bool nativeZstd)
    {
        _compression = compression;
        _blockSize = blockSize;
        _nativeZstd = nativeZstd;
        using var codec = compression == OrcCompression.None ? null : BlockDecompressor.Create(compression, nativeZstd);
        foreach (var (key, b) in streams)
        {
            DecodedBytes += codec == null ? b.Length : StreamInput.DecodedBound(b.Array, b.Offset, b.Length, codec, blockSize, new StreamContext(file, stripe, key.Item1, StreamNames.Name(key.Item2)));
        }
        File = file;
        Stripe = stripe;
        Footer = footer;
        _streams = streams;
        _owned = owned;
        WriterZone = writerZone;
        Decimal64 = decimal64;
    }

    /// <summary>Streams left in a local file, read a window at a time by each stream input (see <see cref="StreamInput.Windowed"/>).</summary>
    public StripeData(string file, int stripe, StripeFooter footer, FileRangeSource source, Dictionary<(int, Proto.Stream.Types.Kind), (long Offset, int Length)> ranges, TimeZoneInfo writerZone, bool decimal64, OrcCompression compression, int blockSize, bool nativeZstd)
        : this(file, stripe, footer, [], [], writerZone, decimal64, compression, blockSize, nativeZstd)
    {
        _file = source;
        _ranges = ranges;
        foreach (var (_, r) in ranges) DecodedBytes += compression == OrcCompression.None ? r.Length : ((r.Length / 3) + 1) * (long)blockSize;
    }

    /// <summary>Decoded bytes of all streams (an upper bound for compressed ones); bounds how many values the stripe can plausibly hold.</summary>
    public long DecodedBytes { get; private set; }

    /// <summary>Most values any column of this stripe can hold: run-length encodings pack about a thousand per byte.</summary>
    public long MaxValues => (DecodedBytes * 1024) + 65_536;

    public string File { get; }

    public int Stripe { get; }

    public StripeFooter Footer { get; }

    public TimeZoneInfo WriterZone { get; }

    /// <summary>Decimals of precision ≤ 18 use the draft v2 decimal64 layout.</summary>
    public bool Decimal64 { get; }

    public StreamContext Context(int column, Proto.Stream.Types.Kind kind) => new(File, Stripe, column, StreamNames.Name(kind));

    public OrcFormatException Error(int column, string detail) => new(detail, File, Stripe, column, null);

    public ColumnEncoding Encoding(int column)
    {
        if (column >= Footer.Columns.Count) throw Error(column, $"stripe footer has {Footer.Columns.Count} column encodings, none for this column");
        return Footer.Columns[column];
    }

    public bool Has(int column, Proto.Stream.Types.Kind kind) => _ranges?.ContainsKey((column, kind)) ?? _streams.ContainsKey((column, kind));

    public StreamInput? Optional(int column, Proto.Stream.Types.Kind kind)
    {
        StreamInput input;
        if (_ranges != null)
        {
            if (!_ranges.TryGetValue((column, kind), out var r)) return null;
            var codec = _compression == OrcCompression.None ? null : BlockDecompressor.Create(_compression, _nativeZstd);
            input = StreamInput.Windowed(_file!, r.Offset, r.Length, codec, _blockSize, Context(column, kind));
            lock (_inputs) _inputs.Add(input);
            return input;
        }
        if (!_streams.TryGetValue((column, kind), out var b)) return null;
        var context = Context(column, kind);
        input = _compression == OrcCompression.None
            ? new StreamInput(b.Array, b.Offset, b.Length, context)
            : StreamInput.Compressed(b.Array, b.Offset, b.Length, BlockDecompressor.Create(_compression, _nativeZstd), _blockSize, context);
        lock (_inputs) _inputs.Add(input);
        return input;
    }

    public StreamInput Required(int column, Proto.Stream.Types.Kind kind, string reader) =>
        Optional(column, kind) ?? throw new OrcFormatException($"{StreamNames.Name(kind)} stream not found in {reader} for column {column}", File, Stripe, column, StreamNames.Name(kind));

    public void Dispose()
    {
        foreach (var input in _inputs) input.Dispose();
        _inputs.Clear();
        foreach (var b in _owned) StripeBufferPool.Return(b);
        _owned.Clear();
    }
}
