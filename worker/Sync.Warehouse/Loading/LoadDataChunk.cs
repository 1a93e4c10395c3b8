using System.Buffers;
using System.Runtime.InteropServices;
using MySqlConnector;
using Sync.Warehouse.Values;

namespace Sync.Warehouse.Loading;

/// <summary>
/// Rows as delimited text for one <c>LOAD DATA LOCAL INFILE</c>, sent through <see cref="MySqlBulkLoader"/> configured so
/// its SQL stays inside AnalyticDB's grammar:
/// <c>LOAD DATA LOCAL INFILE '…' IGNORE INTO TABLE t FIELDS TERMINATED BY ',' ENCLOSED BY '"' LINES TERMINATED BY '\n' IGNORE 0 LINES (cols)</c>
/// — no CHARACTER SET (CharacterSet left null), no ESCAPED BY (EscapeCharacter '\0'), no SET, no STARTING BY.
/// <see cref="DelimitedTextSink"/> says how NULL, quotes and backslashes are written without ESCAPED BY.
/// </summary>
internal sealed class LoadDataChunk : LoadChunk
{
    private readonly string _quotedTable;
    private readonly IReadOnlyList<string> _quotedColumns;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024 * 1024);
    private DelimitedTextSink _sink;

    public LoadDataChunk(string quotedTable, IReadOnlyList<string> quotedColumns)
    {
        _quotedTable = quotedTable;
        _quotedColumns = quotedColumns;
        _sink = new DelimitedTextSink(_buffer);
    }

    public override ValueSink Sink => _sink;

    public override int Rows => _sink.Rows;

    public override bool CanRemoveLastRow => false;

    public override void MarkRow()
    {
    }

    public override void RemoveLastRow() => throw new InvalidOperationException("a LOAD DATA chunk cannot drop its last row");

    public override void Reset()
    {
        _buffer.ResetWrittenCount();
        _sink = new DelimitedTextSink(_buffer);
    }

    /// <summary>The loader as configured for a chunk; exposed so tests can check the clauses it emits.</summary>
    internal static MySqlBulkLoader CreateBulkLoader(MySqlConnection connection, string quotedTable, IReadOnlyList<string> quotedColumns, Stream source, int timeoutSeconds)
    {
        var loader = new MySqlBulkLoader(connection)
        {
            TableName = quotedTable,
            Local = true,
            SourceStream = source,
            CharacterSet = null,
            FieldTerminator = ",",
            FieldQuotationCharacter = (char)DelimitedTextSink.Enclosure,
            FieldQuotationOptional = false,
            EscapeCharacter = '\0',
            LineTerminator = "\n",
            LinePrefix = null,
            NumberOfLinesToSkip = 0,
            ConflictOption = MySqlBulkLoaderConflictOption.Ignore,
            Timeout = timeoutSeconds,
        };
        loader.Columns.AddRange(quotedColumns);
        return loader;
    }

    public override async Task<int> SendAsync(MySqlConnection connection, int timeoutSeconds, CancellationToken ct)
    {
        // The bulk loader disposes the stream; the bytes stay in our buffer for reuse.
        if (!MemoryMarshal.TryGetArray(_buffer.WrittenMemory, out var segment)) throw new InvalidOperationException("chunk buffer is not array-backed");
        var stream = new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false);
        var loader = CreateBulkLoader(connection, _quotedTable, _quotedColumns, stream, timeoutSeconds);
        return await loader.LoadAsync(ct).ConfigureAwait(false);
    }
}
