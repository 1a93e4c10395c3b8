using System.Buffers;
using Sync.Orc.Compression;
using Sync.Orc.Encoding;
using Sync.Orc.Proto;

namespace Sync.Orc.Reading;

/// <summary>
/// The decoded streams of the selected columns of one stripe, plus its footer. Owns pooled buffers
/// until disposed; Arrow arrays built from it copy what they keep.
/// </summary>
internal sealed class StripeData : IDisposable
{
    private readonly Dictionary<(int Column, Proto.Stream.Types.Kind Kind), DecodedBuffer> _streams;
    private readonly List<byte[]> _owned;

    public StripeData(string file, int stripe, StripeFooter footer, Dictionary<(int, Proto.Stream.Types.Kind), DecodedBuffer> streams, List<byte[]> owned, TimeZoneInfo writerZone, bool decimal64)
    {
        File = file;
        Stripe = stripe;
        Footer = footer;
        _streams = streams;
        _owned = owned;
        WriterZone = writerZone;
        Decimal64 = decimal64;
        foreach (var b in streams.Values) DecodedBytes += b.Length;
    }

    /// <summary>Bytes of all decoded streams; bounds how many values the stripe can plausibly hold.</summary>
    public long DecodedBytes { get; }

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

    public bool Has(int column, Proto.Stream.Types.Kind kind) => _streams.ContainsKey((column, kind));

    public StreamInput? Optional(int column, Proto.Stream.Types.Kind kind) =>
        _streams.TryGetValue((column, kind), out var b) ? new StreamInput(b.Array, b.Offset, b.Length, Context(column, kind)) : null;

    public StreamInput Required(int column, Proto.Stream.Types.Kind kind, string reader) =>
        Optional(column, kind) ?? throw new OrcFormatException($"{StreamNames.Name(kind)} stream not found in {reader} for column {column}", File, Stripe, column, StreamNames.Name(kind));

    public void Dispose()
    {
        foreach (var b in _owned) ArrayPool<byte>.Shared.Return(b);
        _owned.Clear();
    }
}
