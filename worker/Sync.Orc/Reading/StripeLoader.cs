using System.Buffers;
using System.Collections.Concurrent;
using Sync.Orc.Compression;
using Sync.Orc.Encoding;
using Sync.Orc.Io;
using Sync.Orc.Proto;

namespace Sync.Orc.Reading;

/// <summary>
/// Fetches one stripe: its footer, then only the data streams of the selected columns, with nearby
/// ranges coalesced into single reads. Streams are handed over still compressed; readers decode them chunk by chunk.
/// </summary>
internal sealed class StripeLoader
{
    private readonly IRangeSource _source;
    private readonly FileTail _tail;
    private readonly OrcReaderOptions _options;
    private readonly ConcurrentDictionary<string, TimeZoneInfo> _zones = new(StringComparer.Ordinal);

    public StripeLoader(IRangeSource source, FileTail tail, OrcReaderOptions options)
    {
        _source = source;
        _tail = tail;
        _options = options;
    }

    public async Task<StripeFooter> ReadFooterAsync(int stripe, CancellationToken ct)
    {
        var info = _tail.Footer.Stripes[stripe];
        var footerOffset = (long)(info.Offset + info.IndexLength + info.DataLength);
        var raw = new byte[(int)info.FooterLength];
        await _source.ReadAsync(footerOffset, raw, ct).ConfigureAwait(false);
        using var codec = _tail.Compression == OrcCompression.None ? null : BlockDecompressor.Create(_tail.Compression, _options.NativeZstd);
        var context = new StreamContext(_tail.File, stripe, null, "stripe footer");
        return FileTail.Parse(StripeFooter.Parser, raw, 0, raw.Length, codec, _tail.BlockSize, context);
    }

    /// <summary>Absolute offset of every stream of the stripe, checked to lie inside the stripe.</summary>
    public List<(Proto.Stream Stream, long Offset)> Locate(int stripe, StripeFooter footer)
    {
        var info = _tail.Footer.Stripes[stripe];
        var end = (long)(info.Offset + info.IndexLength + info.DataLength);
        var pos = (long)info.Offset;
        var located = new List<(Proto.Stream, long)>(footer.Streams.Count);
        foreach (var s in footer.Streams)
        {
            if (s.Length > (ulong)(end - pos))
            {
                throw new OrcFormatException($"stream of {s.Length} bytes at offset {pos} passes the end of the stripe's data at {end}", _tail.File, stripe, (int)s.Column, StreamNames.Name(s.Kind));
            }
            located.Add((s, pos));
            pos += (long)s.Length;
        }
        return located;
    }

    public async Task<StripeData> LoadAsync(int stripe, bool[] selected, CancellationToken ct)
    {
        var footer = await ReadFooterAsync(stripe, ct).ConfigureAwait(false);
        var wanted = new List<(int Column, Proto.Stream.Types.Kind Kind, long Offset, int Length)>();
        var seen = new HashSet<(int, Proto.Stream.Types.Kind)>();
        foreach (var (s, offset) in Locate(stripe, footer))
        {
            if (!IsDataKind(s.Kind)) continue;
            if (s.Column >= selected.Length)
            {
                throw new OrcFormatException($"stream refers to column {s.Column} but the schema has {selected.Length} columns", _tail.File, stripe, (int)s.Column, StreamNames.Name(s.Kind));
            }
            if (!selected[s.Column]) continue;
            if (!seen.Add(((int)s.Column, s.Kind)))
            {
                throw new OrcFormatException("stream appears twice in the stripe footer", _tail.File, stripe, (int)s.Column, StreamNames.Name(s.Kind));
            }
            wanted.Add(((int)s.Column, s.Kind, offset, (int)s.Length));
        }

        var zone = ResolveZone(footer.WriterTimezone, stripe);
        if (_source is FileRangeSource file && _options.WindowedLocalReads)
        {
            // a local file is read while decoding, a window per stream, instead of the whole stripe up front
            var ranges = new Dictionary<(int, Proto.Stream.Types.Kind), (long, int)>(wanted.Count);
            foreach (var w in wanted) ranges[(w.Column, w.Kind)] = (w.Offset, w.Length);
            return new StripeData(_tail.File, stripe, footer, file, ranges, zone, _tail.IsUnstablePre20, _tail.Compression, _tail.BlockSize, _options.NativeZstd);
        }
        var merged = RangeCoalescer.Coalesce(wanted.Select(w => new ByteRange(w.Offset, w.Length)), _options.CoalesceGapBytes);
        var rawBuffers = new byte[merged.Count][];
        var owned = new List<byte[]>();
        var streams = new Dictionary<(int, Proto.Stream.Types.Kind), DecodedBuffer>(wanted.Count);
        var success = false;
        try
        {
            for (var i = 0; i < merged.Count; i++)
            {
                rawBuffers[i] = StripeBufferPool.Rent((int)merged[i].Length);
                owned.Add(rawBuffers[i]);
            }
            var reads = new Task[merged.Count];
            for (var i = 0; i < merged.Count; i++)
            {
                reads[i] = _source.ReadAsync(merged[i].Offset, rawBuffers[i].AsMemory(0, (int)merged[i].Length), ct).AsTask();
            }
            await Task.WhenAll(reads).ConfigureAwait(false);

            var located = new (byte[] Buffer, int Offset)[wanted.Count];
            for (var w = 0; w < wanted.Count; w++)
            {
                var r = merged.FindIndex(m => m.Offset <= wanted[w].Offset && wanted[w].Offset + wanted[w].Length <= m.End);
                located[w] = r < 0 ? ([], 0) : (rawBuffers[r], (int)(wanted[w].Offset - merged[r].Offset));
            }

            // streams stay compressed: each column reader decodes its streams a chunk at a time
            for (var w = 0; w < wanted.Count; w++)
            {
                streams[(wanted[w].Column, wanted[w].Kind)] = new DecodedBuffer(located[w].Buffer, located[w].Offset, wanted[w].Length, Pooled: false);
            }
            success = true;
            return new StripeData(_tail.File, stripe, footer, streams, owned, zone, _tail.IsUnstablePre20, _tail.Compression, _tail.BlockSize, _options.NativeZstd);
        }
        finally
        {
            if (!success)
            {
                foreach (var b in owned) StripeBufferPool.Return(b);
            }
        }
    }

    private static bool IsDataKind(Proto.Stream.Types.Kind kind) => kind is
        Proto.Stream.Types.Kind.Present or Proto.Stream.Types.Kind.Data or Proto.Stream.Types.Kind.Length
        or Proto.Stream.Types.Kind.DictionaryData or Proto.Stream.Types.Kind.Secondary;

    public TimeZoneInfo ResolveZone(string? name, int stripe)
    {
        if (string.IsNullOrEmpty(name)) return TimeZoneInfo.Utc;
        return _zones.GetOrAdd(name, n =>
        {
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(n);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                throw new OrcFormatException($"unknown writer time zone '{n}'", _tail.File, stripe, null, "stripe footer", ex);
            }
        });
    }
}
