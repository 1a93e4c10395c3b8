using Apache.Arrow;
using Apache.Arrow.Types;
using Google.Protobuf;
using Sync.Orc.Proto;
using Sync.Orc.Writing;
using OrcType = Sync.Orc.Proto.Type;

namespace Sync.Orc;

/// <summary>
/// Writes Arrow record batches as an ORC file (format 0.12, RLE v2) to a stream. Rows are buffered for one stripe
/// at a time; a stripe is written when its estimated size reaches <see cref="OrcWriterOptions.StripeSize"/>, and
/// <see cref="CloseAsync"/> writes the last stripe, the stripe statistics, the footer and the postscript.
/// </summary>
public sealed class OrcWriter : IAsyncDisposable
{
    /// <summary>Recorded in the footer's software version.</summary>
    public const string SoftwareVersion = "Sync";

    /// <summary>The writer's id in the footer: not one of the ids registered by Apache ORC's writers.</summary>
    private const uint WriterImplementationId = 0x53796E63;

    /// <summary>Postscript writer version 9 (ORC-14): every fix readers check for is in this writer.</summary>
    private const uint WriterVersion = 9;

    private const string WriterTimeZone = "UTC";
    private static readonly byte[] Magic = "ORC"u8.ToArray();

    private readonly System.IO.Stream _output;
    private readonly Apache.Arrow.Schema _schema;
    private readonly OrcWriterOptions _options;
    private readonly BlockCompressor? _codec;
    private readonly List<OrcType> _types = [];
    private readonly ColumnWriter _root;
    private readonly bool _scalarRoot;
    private readonly List<StripeInformation> _stripes = [];
    private readonly Metadata _stripeStatistics = new();
    private readonly CompressedOutStream _tail;
    private long _offset;
    private long _rowsInStripe;
    private int _rowsInGroup;
    private bool _stripeOpen;
    private bool _closed;

    /// <summary>Prepares a writer; nothing is written to <paramref name="output"/> until rows arrive or the writer closes.</summary>
    /// <exception cref="ArgumentException">A field's Arrow type has no ORC mapping.</exception>
    public OrcWriter(System.IO.Stream output, Apache.Arrow.Schema schema, OrcWriterOptions? options = null)
    {
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _schema = schema ?? throw new ArgumentNullException(nameof(schema));
        _options = options ?? new OrcWriterOptions();
        _options.Validate();
        _codec = BlockCompressor.Create((CompressionKind)(int)_options.Compression);
        var context = new WriterContext(_codec, _options.CompressionBlockSize, _options.RowIndexStride > 0);
        var dictionaryCheck = _options.RowIndexStride > 0 ? _options.RowIndexStride : OrcWriterOptions.DefaultRowIndexStride;
        _root = ColumnWriterFactory.CreateRoot(schema, context, _types, dictionaryCheck);
        _scalarRoot = ColumnWriterFactory.IsScalarRoot(schema);
        _tail = new CompressedOutStream(_codec, _options.CompressionBlockSize);
    }

    /// <summary>Rows accepted so far.</summary>
    public long RowsWritten { get; private set; }

    /// <summary>Bytes written to the output so far.</summary>
    public long BytesWritten => _offset;

    /// <summary>Adds a batch whose schema has the writer's fields (same count, order and types).</summary>
    public async ValueTask WriteAsync(RecordBatch batch, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_closed, this);
        CheckSchema(batch);
        IArrowArray rows = _scalarRoot ? batch.Column(0) : new StructArray(new StructType(_schema.FieldsList), batch.Length, batch.Arrays, ArrowBuffer.Empty, 0);
        var stride = _options.RowIndexStride;
        var offset = 0;
        while (offset < batch.Length)
        {
            ct.ThrowIfCancellationRequested();
            if (!_stripeOpen)
            {
                _root.StartRowGroup();
                _stripeOpen = true;
            }
            var chunk = Math.Min(batch.Length - offset, 8192);
            if (stride > 0) chunk = Math.Min(chunk, stride - _rowsInGroup);
            _root.Write(rows, offset, chunk);
            offset += chunk;
            _rowsInStripe += chunk;
            RowsWritten += chunk;
            _rowsInGroup += chunk;
            if (stride > 0 && _rowsInGroup == stride)
            {
                _root.FinishRowGroup();
                _root.StartRowGroup();
                _rowsInGroup = 0;
            }
            if (_root.EstimatedSize >= _options.StripeSize) await FlushStripeAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the last stripe and the file tail, and flushes the output. The output stream stays open.</summary>
    public async ValueTask CloseAsync(CancellationToken ct = default)
    {
        if (_closed) return;
        await FlushStripeAsync(ct).ConfigureAwait(false);
        if (_offset == 0) await WriteAsync(Magic, ct).ConfigureAwait(false);
        var contentLength = _offset;

        var metadataLength = await WriteCompressedAsync(_stripeStatistics, ct).ConfigureAwait(false);

        var footer = new Footer
        {
            HeaderLength = (ulong)Magic.Length,
            ContentLength = (ulong)contentLength,
            NumberOfRows = (ulong)RowsWritten,
            RowIndexStride = (uint)_options.RowIndexStride,
            Writer = WriterImplementationId,
            Calendar = CalendarKind.ProlepticGregorian,
            SoftwareVersion = SoftwareVersion,
        };
        footer.Stripes.AddRange(_stripes);
        footer.Types_.AddRange(_types);
        foreach (var (name, value) in _options.UserMetadata)
        {
            footer.Metadata.Add(new UserMetadataItem { Name = name, Value = ByteString.CopyFrom(value) });
        }
        var statistics = new ColumnStatistics[_types.Count];
        _root.CollectFileStatistics(statistics);
        footer.Statistics.AddRange(statistics);
        var footerLength = await WriteCompressedAsync(footer, ct).ConfigureAwait(false);

        var postscript = new PostScript
        {
            FooterLength = (ulong)footerLength,
            Compression = (CompressionKind)(int)_options.Compression,
            MetadataLength = (ulong)metadataLength,
            WriterVersion = WriterVersion,
            Magic = System.Text.Encoding.ASCII.GetString(Magic),
        };
        if (_codec != null) postscript.CompressionBlockSize = (ulong)_options.CompressionBlockSize;
        postscript.Version.Add(0);
        postscript.Version.Add(12);
        var postscriptBytes = postscript.ToByteArray();
        await WriteAsync(postscriptBytes, ct).ConfigureAwait(false);
        await WriteAsync(new[] { (byte)postscriptBytes.Length }, ct).ConfigureAwait(false);
        await _output.FlushAsync(ct).ConfigureAwait(false);
        _closed = true;
        Release();
    }

    /// <summary>Closes the writer (writing the tail) if it is still open.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_closed) return;
        try
        {
            await CloseAsync().ConfigureAwait(false);
        }
        finally
        {
            if (!_closed)
            {
                _closed = true;
                Release();
            }
        }
    }

    private void Release()
    {
        _root.Dispose();
        _tail.Dispose();
        _codec?.Dispose();
    }

    private void CheckSchema(RecordBatch batch)
    {
        var fields = _schema.FieldsList;
        if (batch.ColumnCount != fields.Count)
        {
            throw new ArgumentException($"batch has {batch.ColumnCount} columns, the writer's schema {fields.Count}", nameof(batch));
        }
        for (var i = 0; i < fields.Count; i++)
        {
            var actual = batch.Column(i).Data.DataType;
            if (actual.TypeId != fields[i].DataType.TypeId)
            {
                throw new ArgumentException($"batch column {i} ('{fields[i].Name}') is {actual.Name}, the writer's schema says {fields[i].DataType.Name}", nameof(batch));
            }
        }
    }

    private async ValueTask FlushStripeAsync(CancellationToken ct)
    {
        if (_rowsInStripe == 0) return;
        if (_options.RowIndexStride == 0 || _rowsInGroup > 0) _root.FinishRowGroup();

        var sink = new StripeSink(_types.Count);
        _root.FlushStripe(sink);
        if (_offset == 0) await WriteAsync(Magic, ct).ConfigureAwait(false);

        var stripeOffset = _offset;
        var footer = new StripeFooter { WriterTimezone = WriterTimeZone };
        long indexLength = 0;
        foreach (var (kind, column, stream) in sink.IndexStreams)
        {
            footer.Streams.Add(new Proto.Stream { Kind = kind, Column = (uint)column, Length = (ulong)stream.Length });
            await stream.CopyToAsync(_output, ct).ConfigureAwait(false);
            indexLength += stream.Length;
        }
        long dataLength = 0;
        foreach (var (kind, column, stream) in sink.DataStreams)
        {
            footer.Streams.Add(new Proto.Stream { Kind = kind, Column = (uint)column, Length = (ulong)stream.Length });
            await stream.CopyToAsync(_output, ct).ConfigureAwait(false);
            dataLength += stream.Length;
        }
        _offset += indexLength + dataLength;
        footer.Columns.AddRange(sink.Encodings);
        var footerLength = await WriteCompressedAsync(footer, ct).ConfigureAwait(false);

        _stripes.Add(new StripeInformation
        {
            Offset = (ulong)stripeOffset,
            IndexLength = (ulong)indexLength,
            DataLength = (ulong)dataLength,
            FooterLength = (ulong)footerLength,
            NumberOfRows = (ulong)_rowsInStripe,
        });
        var stripeStatistics = new StripeStatistics();
        stripeStatistics.ColStats.AddRange(sink.Statistics);
        _stripeStatistics.StripeStats.Add(stripeStatistics);

        _root.ResetStripe();
        _rowsInStripe = 0;
        _rowsInGroup = 0;
        _stripeOpen = false;
    }

    /// <summary>Writes a metadata message through the file's codec; returns the bytes written.</summary>
    private async ValueTask<long> WriteCompressedAsync(IMessage message, CancellationToken ct)
    {
        _tail.Reset();
        _tail.Write(message.ToByteArray());
        _tail.Flush();
        var length = _tail.Length;
        await _tail.CopyToAsync(_output, ct).ConfigureAwait(false);
        _offset += length;
        return length;
    }

    private async ValueTask WriteAsync(byte[] bytes, CancellationToken ct)
    {
        await _output.WriteAsync(bytes, ct).ConfigureAwait(false);
        _offset += bytes.Length;
    }
}
