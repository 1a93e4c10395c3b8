using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;
using Apache.Arrow;
using Sync.Orc.Compression;
using Sync.Orc.Encoding;
using Sync.Orc.Proto;
using Sync.Orc.Reading;
using Sync.Orc.Schema;
using FileTail = Sync.Orc.Reading.FileTail;

namespace Sync.Orc;

/// <summary>
/// Reads an ORC file (format 0.11 / 0.12) from a range source into Arrow record batches, one stripe (or a
/// slice of one) at a time, fetching only the selected columns' streams. Memory is bounded by one stripe of
/// the selected columns. Malformed input surfaces as <see cref="OrcFormatException"/> and nothing else;
/// failures of the range source itself (I/O, cancellation) pass through unchanged.
/// </summary>
public sealed class OrcReader : IAsyncDisposable
{
    private static readonly string[] WriterVersionNames =
        ["original", "HIVE-8732", "HIVE-4243", "HIVE-12055", "HIVE-13083", "ORC-101", "ORC-135", "ORC-517", "ORC-203", "ORC-14"];

    private readonly IRangeSource _source;
    private readonly bool _ownsSource;
    private readonly FileTail _tail;
    private readonly OrcReaderOptions _options;
    private readonly StripeLoader _loader;

    private OrcReader(IRangeSource source, bool ownsSource, FileTail tail, OrcReaderOptions options, string? writerTimeZone)
    {
        _source = source;
        _ownsSource = ownsSource;
        _tail = tail;
        _options = options;
        _loader = new StripeLoader(source, tail, options);
        WriterTimeZone = writerTimeZone;
        ArrowSchema = ArrowSchemaMapper.ToArrowSchema(tail.Schema, null);
        var stripes = new List<OrcStripeInfo>(tail.Footer.Stripes.Count);
        for (var i = 0; i < tail.Footer.Stripes.Count; i++)
        {
            var s = tail.Footer.Stripes[i];
            stripes.Add(new OrcStripeInfo(i, (long)s.Offset, (long)s.IndexLength, (long)s.DataLength, (long)s.FooterLength, (long)s.NumberOfRows));
        }
        Stripes = stripes;
        var metadata = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        foreach (var item in tail.Footer.Metadata) metadata[item.Name] = item.Value.Memory;
        UserMetadata = new ReadOnlyDictionary<string, ReadOnlyMemory<byte>>(metadata);
        ColumnStatistics = ConvertStatistics(tail.Footer.Statistics);
    }

    /// <summary>The source's name, as used in error messages.</summary>
    public string Name => _source.Name;

    /// <summary>The file's schema in Arrow terms (see <see cref="ArrowSchemaMapper"/>).</summary>
    public Apache.Arrow.Schema ArrowSchema { get; }

    /// <summary>The ORC type of the whole file, e.g. <c>struct&lt;x:int,y:string&gt;</c>.</summary>
    public string OrcSchema => _tail.Schema.ToString();

    /// <summary>Rows in the file: the footer's count, or the sum over stripes when the footer has none.</summary>
    public long NumberOfRows
    {
        get
        {
            if (_tail.Footer.HasNumberOfRows && _tail.Footer.NumberOfRows > 0) return (long)_tail.Footer.NumberOfRows;
            long sum = 0;
            foreach (var s in Stripes) sum += s.NumberOfRows;
            return sum;
        }
    }

    public IReadOnlyList<OrcStripeInfo> Stripes { get; }

    public OrcCompression Compression => _tail.Compression;

    /// <summary>Largest decompressed chunk; 256 KiB when the postscript does not say.</summary>
    public int CompressionBlockSize => _tail.BlockSize;

    /// <summary>
    /// How ZSTD chunks are decoded for this reader, "native libzstd (ZstdNet)" or "managed (ZstdSharp.Port)"
    /// (see <see cref="OrcReaderOptions.NativeZstd"/>); null for files not compressed with ZSTD.
    /// </summary>
    public string? ZstdDecoder => Compression == OrcCompression.Zstd ? NativeZstd.DecoderName(_options.NativeZstd) : null;

    /// <summary>File format version, e.g. "0.12".</summary>
    public string FileVersion => _tail.VersionText;

    /// <summary>The writer-version number from the postscript (which fixes the writer had).</summary>
    public int WriterVersion => (int)_tail.PostScript.WriterVersion;

    /// <summary>The writer-version name, e.g. "HIVE-8732" or "ORC-135".</summary>
    public string WriterVersionName => WriterVersion < WriterVersionNames.Length ? WriterVersionNames[WriterVersion] : $"future-{WriterVersion}";

    /// <summary>The writing software, e.g. "ORC Java 1.8.0", when recorded.</summary>
    public string? SoftwareVersion => _tail.Footer.HasSoftwareVersion ? _tail.Footer.SoftwareVersion : null;

    /// <summary>The writer's time zone from the first stripe footer, or null when none is recorded.</summary>
    public string? WriterTimeZone { get; }

    /// <summary>Rows per row-index entry (0 when the writer kept no index).</summary>
    public int RowIndexStride => (int)_tail.Footer.RowIndexStride;

    public long FileLength => _tail.FileLength;

    /// <summary>Statistics per column id for the whole file.</summary>
    public IReadOnlyList<OrcColumnStatistics> ColumnStatistics { get; }

    /// <summary>
    /// Statistics per stripe, then per column id (empty when the file has no metadata section). The section is
    /// parsed on demand, so a corrupt one fails here rather than when opening the file.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<OrcColumnStatistics>> ReadStripeStatistics()
    {
        try
        {
            var stripeStats = new List<IReadOnlyList<OrcColumnStatistics>>();
            var metadata = _tail.ReadMetadata();
            if (metadata != null)
            {
                foreach (var s in metadata.StripeStats) stripeStats.Add(ConvertStatistics(s.ColStats));
            }
            return stripeStats;
        }
        catch (Exception ex) when (IsUnexpected(ex))
        {
            throw Wrap(ex, Name, null);
        }
    }

    /// <summary>User metadata: name → raw bytes.</summary>
    public IReadOnlyDictionary<string, ReadOnlyMemory<byte>> UserMetadata { get; }

    /// <summary>Opens the file behind <paramref name="source"/> and reads its tail. The caller keeps owning the source.</summary>
    public static Task<OrcReader> OpenAsync(IRangeSource source, OrcReaderOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return OpenCoreAsync(source, ownsSource: false, options, ct);
    }

    /// <summary>Opens a local file; the reader closes it when disposed.</summary>
    public static async Task<OrcReader> OpenFileAsync(string path, OrcReaderOptions? options = null, CancellationToken ct = default)
    {
        var source = new FileRangeSource(path);
        try
        {
            return await OpenCoreAsync(source, ownsSource: true, options, ct).ConfigureAwait(false);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    private static async Task<OrcReader> OpenCoreAsync(IRangeSource source, bool ownsSource, OrcReaderOptions? options, CancellationToken ct)
    {
        options ??= new OrcReaderOptions();
        options.Validate();
        try
        {
            var tail = await FileTail.ReadAsync(source, options.TailReadBytes, ct).ConfigureAwait(false);
            string? zone = null;
            if (tail.Footer.Stripes.Count > 0)
            {
                var footer = await new StripeLoader(source, tail, options).ReadFooterAsync(0, ct).ConfigureAwait(false);
                zone = footer.HasWriterTimezone && footer.WriterTimezone.Length > 0 ? footer.WriterTimezone : null;
            }
            return new OrcReader(source, ownsSource, tail, options, zone);
        }
        catch (Exception ex) when (IsUnexpected(ex))
        {
            throw Wrap(ex, source.Name, null);
        }
    }

    /// <summary>The footer of one stripe: streams with offsets, encodings, time zone and row index sizes.</summary>
    public async Task<OrcStripeDetails> ReadStripeDetailsAsync(int stripe, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stripe);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stripe, Stripes.Count);
        try
        {
            var footer = await _loader.ReadFooterAsync(stripe, ct).ConfigureAwait(false);
            var streams = new List<OrcStreamInfo>(footer.Streams.Count);
            var rowIndexEntries = new Dictionary<int, int>();
            using var codec = Compression == OrcCompression.None ? null : BlockDecompressor.Create(Compression, _options.NativeZstd);
            foreach (var (s, offset) in _loader.Locate(stripe, footer))
            {
                streams.Add(new OrcStreamInfo((int)s.Column, StreamNames.Name(s.Kind), offset, (long)s.Length));
                if (s.Kind != Proto.Stream.Types.Kind.RowIndex || s.Length == 0) continue;
                var raw = new byte[(int)s.Length];
                await _source.ReadAsync(offset, raw, ct).ConfigureAwait(false);
                var context = new StreamContext(Name, stripe, (int)s.Column, "ROW_INDEX");
                var index = FileTail.Parse(RowIndex.Parser, raw, 0, raw.Length, codec, CompressionBlockSize, context);
                rowIndexEntries[(int)s.Column] = index.Entry.Count;
            }
            var encodings = new List<string>(footer.Columns.Count);
            foreach (var e in footer.Columns) encodings.Add(StreamNames.Encoding(e));
            var zone = footer.HasWriterTimezone && footer.WriterTimezone.Length > 0 ? footer.WriterTimezone : null;
            return new OrcStripeDetails(Stripes[stripe], streams, encodings, zone, rowIndexEntries);
        }
        catch (Exception ex) when (IsUnexpected(ex))
        {
            throw Wrap(ex, Name, stripe);
        }
    }

    /// <summary>
    /// Reads the selected columns as record batches of at most <see cref="OrcReadOptions.MaxBatchRows"/> rows,
    /// never crossing a stripe boundary. Columns keep the file's order.
    /// </summary>
    public async IAsyncEnumerable<RecordBatch> ReadBatchesAsync(OrcReadOptions? options = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        options ??= new OrcReadOptions();
        options.Validate();
        var root = _tail.Schema;
        var fields = SelectFields(options.Columns);
        var schema = ArrowSchemaMapper.ToArrowSchema(root, fields);
        var selected = new bool[root.MaxId + 1];
        selected[0] = true;
        var types = new List<OrcType>();
        if (root.Kind == Proto.Type.Types.Kind.Struct)
        {
            foreach (var f in fields!) types.Add(root.Children[f]);
        }
        else
        {
            types.Add(root);
        }
        foreach (var t in types)
        {
            for (var id = t.Id; id <= t.MaxId; id++) selected[id] = true;
        }

        for (var stripe = 0; stripe < Stripes.Count; stripe++)
        {
            var rows = Stripes[stripe].NumberOfRows;
            if (rows == 0) continue;
            var data = await LoadStripeAsync(stripe, selected, ct).ConfigureAwait(false);
            using (data)
            {
                var readers = CreateReaders(types, data);
                for (long done = 0; done < rows; done += options.MaxBatchRows)
                {
                    ct.ThrowIfCancellationRequested();
                    var n = (int)Math.Min(options.MaxBatchRows, rows - done);
                    yield return DecodeBatch(schema, readers, n, stripe);
                }
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_ownsSource && _source is IDisposable d) d.Dispose();
        return ValueTask.CompletedTask;
    }

    private List<int>? SelectFields(IReadOnlyList<string>? columns)
    {
        var root = _tail.Schema;
        if (root.Kind != Proto.Type.Types.Kind.Struct)
        {
            if (columns != null && (columns.Count != 1 || columns[0] != ArrowSchemaMapper.ScalarRootFieldName))
            {
                throw new ArgumentException($"{Name} has a non-struct root; its only column is {ArrowSchemaMapper.ScalarRootFieldName}", nameof(columns));
            }
            return null;
        }
        var fields = new List<int>();
        if (columns == null)
        {
            for (var i = 0; i < root.Children.Count; i++) fields.Add(i);
            return fields;
        }
        foreach (var name in columns)
        {
            var index = -1;
            for (var i = 0; i < root.FieldNames.Count; i++)
            {
                if (string.Equals(root.FieldNames[i], name, StringComparison.Ordinal)) index = i;
            }
            if (index < 0) throw new ArgumentException($"column '{name}' is not in {Name} ({OrcSchema})", nameof(columns));
            if (!fields.Contains(index)) fields.Add(index);
        }
        fields.Sort();
        return fields;
    }

    private async Task<StripeData> LoadStripeAsync(int stripe, bool[] selected, CancellationToken ct)
    {
        try
        {
            return await _loader.LoadAsync(stripe, selected, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnexpected(ex))
        {
            throw Wrap(ex, Name, stripe);
        }
    }

    private ColumnReader[] CreateReaders(List<OrcType> types, StripeData data)
    {
        try
        {
            var readers = new ColumnReader[types.Count];
            for (var i = 0; i < readers.Length; i++) readers[i] = ColumnReaderFactory.Create(types[i], data);
            return readers;
        }
        catch (Exception ex) when (IsUnexpected(ex))
        {
            throw Wrap(ex, Name, data.Stripe);
        }
    }

    private RecordBatch DecodeBatch(Apache.Arrow.Schema schema, ColumnReader[] readers, int rows, int stripe)
    {
        var arrays = new IArrowArray[readers.Length];
        try
        {
            if (_options.Parallelism > 1 && readers.Length > 1)
            {
                var po = new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism };
                Parallel.For(0, readers.Length, po, i => arrays[i] = readers[i].Read(rows, []));
            }
            else
            {
                for (var i = 0; i < readers.Length; i++) arrays[i] = readers[i].Read(rows, []);
            }
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            var first = ex.InnerExceptions[0];
            if (first is OrcFormatException ofe) throw new OrcFormatException(ofe.Detail ?? ofe.Message, ofe.File, ofe.Stripe, ofe.Column, ofe.Stream, ofe);
            throw Wrap(first, Name, stripe);
        }
        catch (Exception ex) when (IsUnexpected(ex))
        {
            throw Wrap(ex, Name, stripe);
        }
        return new RecordBatch(schema, arrays, rows);
    }

    // argument checks of the caller's own input happen outside the wrapped regions, so any other
    // exception inside them comes from malformed data
    private static bool IsUnexpected(Exception ex) =>
        ex is not OrcFormatException and not OperationCanceledException and not IOException;

    private static OrcFormatException Wrap(Exception ex, string file, int? stripe) =>
        new($"malformed ORC data: {ex.GetType().Name}: {ex.Message}", file, stripe, null, null, ex);

    private static List<OrcColumnStatistics> ConvertStatistics(IReadOnlyList<ColumnStatistics> stats)
    {
        var list = new List<OrcColumnStatistics>(stats.Count);
        for (var i = 0; i < stats.Count; i++) list.Add(StatisticsText.Convert(i, stats[i]));
        return list;
    }
}
