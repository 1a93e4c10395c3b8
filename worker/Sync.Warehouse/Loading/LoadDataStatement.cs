using MySqlConnector;
using Sync.Warehouse.Values;

namespace Sync.Warehouse.Loading;

/// <summary>
/// One <c>LOAD DATA LOCAL INFILE</c> whose rows are streamed while they are formatted: the sink's bytes go through a
/// <see cref="LoadDataPipe"/> into <see cref="MySqlBulkLoader"/>'s source stream, so decoding and formatting on this
/// side overlap the server's parsing and inserting, and memory stays at the pipe's capacity however long the statement.
/// The bulk loader is configured so its SQL stays inside AnalyticDB's grammar:
/// <c>LOAD DATA LOCAL INFILE '…' IGNORE INTO TABLE t FIELDS TERMINATED BY ',' ENCLOSED BY '"' LINES TERMINATED BY '\n' IGNORE 0 LINES (cols)</c>
/// — no CHARACTER SET (CharacterSet left null), no ESCAPED BY (EscapeCharacter '\0'), no SET, no STARTING BY.
/// <see cref="DelimitedTextSink"/> says how NULL, quotes and backslashes are written without ESCAPED BY.
/// </summary>
internal sealed class LoadDataStatement
{
    /// <summary>
    /// Formatted bytes that may wait for the server. Measured on 2 busy cores: 1 MiB of slack with 32 KiB hand-overs
    /// loaded at ~0.5× of the server's own LOAD DATA INFILE (thousands of producer/consumer wake-ups per statement, each
    /// waiting for a time slice); 8 MiB with 256 KiB hand-overs reached ~0.9–1.0×.
    /// </summary>
    public const int PipeCapacity = 8 * 1024 * 1024;

    /// <summary>Formatted bytes handed to the pipe at once: half the sink's first block, so the block rarely grows.</summary>
    private const int FlushBytes = DelimitedTextSink.InitialBlockBytes / 2;

    private readonly LoadDataPipe _pipe;

    private LoadDataStatement(LoadDataPipe pipe)
    {
        _pipe = pipe;
        Sink = new DelimitedTextSink(pipe.Writer);
    }

    public DelimitedTextSink Sink { get; }

    public int Rows => Sink.Rows;

    public long Bytes => Sink.ByteCount;

    /// <summary>Sends the statement; the server then reads rows as they are written to <see cref="Sink"/>.</summary>
    public static LoadDataStatement Start(MySqlConnection connection, string quotedTable, IReadOnlyList<string> quotedColumns, int timeoutSeconds, CancellationToken ct)
    {
        var pipe = new LoadDataPipe(
            (stream, token) => CreateBulkLoader(connection, quotedTable, quotedColumns, stream, timeoutSeconds).LoadAsync(token),
            PipeCapacity, ct);
        return new LoadDataStatement(pipe);
    }

    /// <summary>The loader as configured for a statement; exposed so tests can check the clauses it emits.</summary>
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

    /// <summary>Call between rows: once enough is formatted, hands it to the server, waiting while the server is behind.</summary>
    public ValueTask FlushIfBlockFullAsync(CancellationToken ct)
    {
        if (Sink.BufferedBytes < FlushBytes) return ValueTask.CompletedTask;
        ct.ThrowIfCancellationRequested();
        Sink.Drain();
        return _pipe.FlushAsync(ct);
    }

    /// <summary>Ends the rows and waits for the server; returns the rows it reports as inserted.</summary>
    public async Task<int> CompleteAsync(CancellationToken ct)
    {
        Sink.Drain();
        await _pipe.FlushAsync(ct).ConfigureAwait(false);
        return await _pipe.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Ends the stream early (the caller failed) and waits for the server to finish the statement; never throws. The
    /// sink hands over whole rows only, so the server gets the rows before the failure, none cut short; they stay in the
    /// table (LOAD DATA is not atomic on AnalyticDB either) and a retry skips them by key. The connection stays usable.
    /// </summary>
    public Task EndEarlyAsync() => _pipe.EndEarlyAsync();
}
