using Apache.Arrow;
using MySqlConnector;
using Sync.Warehouse.Dialects;
using Sync.Warehouse.Values;

namespace Sync.Warehouse.Loading;

/// <summary>
/// Writes Arrow record batches into one table over one open connection, by multi-row INSERT IGNORE or LOAD DATA.
/// <list type="bullet">
/// <item>INSERT: statements are built while the previous one runs on the server (one in flight at a time), capped by
/// <see cref="WarehouseLoaderOptions.MaxStatementBytes"/> and <see cref="WarehouseLoaderOptions.MaxStatementRows"/>.</item>
/// <item>LOAD DATA: rows are streamed into an open statement as they are formatted (<see cref="LoadDataStatement"/>), a new
/// statement every <see cref="WarehouseLoaderOptions.MaxLoadDataBytes"/>; memory is a bounded pipe, not a statement.</item>
/// </list>
/// Server warnings other than "duplicate key" (which INSERT IGNORE reports for rows already loaded) fail the load with a
/// <see cref="WarehouseDataException"/>: IGNORE would otherwise turn truncation or bad values into silent damage.
/// Call <see cref="FlushAsync"/> at the end; nothing is committed by disposal, which only ends an unfinished LOAD DATA
/// stream early (dispose the loader when the rows' source fails, so the connection is free again).
/// No transactions are used (AnalyticDB has none): a retry relies on the table's primary key (a business key or
/// <see cref="SurrogateKey"/>) to skip rows already there, including rows an abandoned LOAD DATA left behind.
/// </summary>
public sealed class WarehouseLoader : IAsyncDisposable
{
    private const int DuplicateEntryCode = 1062;

    private readonly MySqlConnection _connection;
    private readonly IWarehouseDialect _dialect;
    private readonly string _table;
    private readonly IReadOnlyList<string> _columns;
    private readonly bool _surrogateKey;
    private readonly WarehouseLoaderOptions _options;
    private readonly string _quotedTable;
    private readonly List<string> _quotedColumns;
    private readonly List<MySqlError> _warnings = [];
    private LoadChunk? _current;
    private LoadChunk? _spare;
    private Task<int>? _pending;
    private LoadChunk? _pendingChunk;
    private LoadDataStatement? _statement;

    /// <param name="connection">An open connection (with AllowLoadLocalInfile=true for <see cref="WriteMode.LoadData"/>); the caller owns it.</param>
    /// <param name="dialect">Quotes names and sets the timestamp precision.</param>
    /// <param name="table">Table to fill.</param>
    /// <param name="columns">Data columns to fill, matched by name against each batch's schema.</param>
    /// <param name="surrogateKey">Append <see cref="SurrogateKey.Columns"/> from each batch's <see cref="RowOrigin"/>.</param>
    /// <param name="options">Write path and caps.</param>
    public WarehouseLoader(MySqlConnection connection, IWarehouseDialect dialect, string table, IReadOnlyList<string> columns,
        bool surrogateKey, WarehouseLoaderOptions? options = null)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _dialect = dialect ?? throw new ArgumentNullException(nameof(dialect));
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _columns = columns ?? throw new ArgumentNullException(nameof(columns));
        if (columns.Count == 0 && !surrogateKey) throw new ArgumentException("no columns to load", nameof(columns));
        _surrogateKey = surrogateKey;
        _options = (options ?? new WarehouseLoaderOptions()).Validate();
        _quotedTable = _dialect.Quote(_table);
        _quotedColumns = _columns.Concat(_surrogateKey ? SurrogateKey.Columns : []).Select(_dialect.Quote).ToList();
        if (_options.WriteMode == WriteMode.Insert) _current = new InsertChunk(_quotedTable, _quotedColumns);
        _connection.InfoMessage += OnInfoMessage;
    }

    /// <summary>Rows handed to the server so far (including rows it skipped as duplicates).</summary>
    public long RowsSent { get; private set; }

    /// <summary>Rows the server reported as new; less than <see cref="RowsSent"/> when a retry met rows already loaded.</summary>
    public long RowsInserted { get; private set; }

    /// <summary>Statements (INSERTs or LOAD DATA streams) sent so far.</summary>
    public int Statements { get; private set; }

    /// <summary>UTF-8 size of the largest statement (or LOAD DATA stream) sent so far.</summary>
    public long LargestStatementBytes { get; private set; }

    /// <summary>Queues the rows of <paramref name="batch"/>; full statements are sent as they fill.</summary>
    /// <param name="batch">Rows to write; must hold every loader column by name.</param>
    /// <param name="origin">Source id and first row ordinal; required when the loader adds the surrogate key.</param>
    /// <param name="ct">Cancels the write.</param>
    public async ValueTask WriteAsync(RecordBatch batch, RowOrigin? origin = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_surrogateKey && origin is null) throw new ArgumentException("a surrogate-keyed load needs the batch's row origin", nameof(origin));
        var formatters = BindColumns(batch);
        if (_options.WriteMode == WriteMode.Insert)
        {
            await WriteInsertRowsAsync(batch, formatters, origin, ct).ConfigureAwait(false);
            return;
        }
        try
        {
            await StreamRowsAsync(batch, formatters, origin, ct).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Bad value, server error or cancellation: end the open LOAD DATA so the connection is usable, then rethrow.
            await EndStatementEarlyAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends whatever is queued and waits until the server has taken every row.</summary>
    public async ValueTask FlushAsync(CancellationToken ct = default)
    {
        if (_statement != null)
        {
            try
            {
                await CompleteStatementAsync(ct).ConfigureAwait(false);
            }
            catch (Exception)
            {
                await EndStatementEarlyAsync().ConfigureAwait(false);
                throw;
            }
            return;
        }
        if (_current is { Rows: > 0 }) await DispatchAsync(ct).ConfigureAwait(false);
        await CompletePendingAsync().ConfigureAwait(false);
    }

    /// <summary>Ends an unfinished LOAD DATA stream (rows streamed so far may stay) and stops listening for warnings.</summary>
    public async ValueTask DisposeAsync()
    {
        await EndStatementEarlyAsync().ConfigureAwait(false);
        if (_pending != null)
        {
            try
            {
                await _pending.ConfigureAwait(false);
            }
#pragma warning disable CA1031 // an INSERT still in flight when the caller gave up: its outcome no longer matters
            catch (Exception)
#pragma warning restore CA1031
            {
            }
            _pending = null;
        }
        _connection.InfoMessage -= OnInfoMessage;
    }

    private async ValueTask WriteInsertRowsAsync(RecordBatch batch, ColumnFormatter[] formatters, RowOrigin? origin, CancellationToken ct)
    {
        for (var row = 0; row < batch.Length; row++)
        {
            var current = _current!;
            current.MarkRow();
            WriteRow(formatters, row, origin, current.Sink);
            if (current.Bytes < _options.MaxStatementBytes && current.Rows < _options.MaxStatementRows) continue;
            if (current.Bytes > _options.MaxStatementBytes && current.Rows > 1 && current.CanRemoveLastRow)
            {
                // Keep the statement under its cap: send without this row, then start the next statement with it.
                current.RemoveLastRow();
                await DispatchAsync(ct).ConfigureAwait(false);
                _current!.MarkRow();
                WriteRow(formatters, row, origin, _current.Sink);
                continue;
            }
            await DispatchAsync(ct).ConfigureAwait(false);
        }
    }

    private async ValueTask StreamRowsAsync(RecordBatch batch, ColumnFormatter[] formatters, RowOrigin? origin, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        for (var row = 0; row < batch.Length; row++)
        {
            if (_statement == null)
            {
                _statement = LoadDataStatement.Start(_connection, _quotedTable, _quotedColumns, _options.CommandTimeoutSeconds, ct);
                Statements++;
            }
            WriteRow(formatters, row, origin, _statement.Sink);
            if (_statement.Bytes >= _options.MaxLoadDataBytes) await CompleteStatementAsync(ct).ConfigureAwait(false);
            else await _statement.FlushIfBlockFullAsync(ct).ConfigureAwait(false);
        }
    }

    private async ValueTask CompleteStatementAsync(CancellationToken ct)
    {
        var statement = _statement!;
        var inserted = await statement.CompleteAsync(ct).ConfigureAwait(false);
        _statement = null;
        RowsSent += statement.Rows;
        RowsInserted += inserted;
        LargestStatementBytes = Math.Max(LargestStatementBytes, statement.Bytes);
        ThrowOnDataWarnings();
    }

    private async ValueTask EndStatementEarlyAsync()
    {
        if (_statement == null) return;
        var statement = _statement;
        _statement = null;
        await statement.EndEarlyAsync().ConfigureAwait(false);
        _warnings.Clear();
    }

    private void WriteRow(ColumnFormatter[] formatters, int row, RowOrigin? origin, ValueSink sink)
    {
        Span<char> number = stackalloc char[24];
        sink.BeginRow();
        for (var c = 0; c < formatters.Length; c++)
        {
            try
            {
                formatters[c].Write(row, sink);
            }
            catch (InvalidDataException ex)
            {
                throw new WarehouseDataException(
                    $"table '{_table}', column '{formatters[c].Column}', row {row} of the batch: {ex.Message}", _table, formatters[c].Column, row, ex);
            }
        }
        if (_surrogateKey)
        {
            origin!.Value.SourceId.TryFormat(number, out var n, default, System.Globalization.CultureInfo.InvariantCulture);
            sink.Raw(number[..n]);
            (origin.Value.FirstRow + row).TryFormat(number, out n, default, System.Globalization.CultureInfo.InvariantCulture);
            sink.Raw(number[..n]);
        }
        sink.EndRow();
    }

    private ColumnFormatter[] BindColumns(RecordBatch batch)
    {
        var formatters = new ColumnFormatter[_columns.Count];
        var missing = new List<string>();
        for (var c = 0; c < _columns.Count; c++)
        {
            var index = batch.Schema.GetFieldIndex(_columns[c]);
            if (index < 0)
            {
                missing.Add(_columns[c]);
                continue;
            }
            formatters[c] = ColumnFormatter.Create(_columns[c], batch.Column(index), _dialect.TimestampFractionDigits);
        }
        if (missing.Count > 0)
        {
            throw new WarehouseSchemaException(
                $"table '{_table}': the batch has no column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}", missing);
        }
        return formatters;
    }

    private async ValueTask DispatchAsync(CancellationToken ct)
    {
        await CompletePendingAsync().ConfigureAwait(false);
        var chunk = _current!;
        _current = _spare ?? new InsertChunk(_quotedTable, _quotedColumns);
        _spare = null;
        _pendingChunk = chunk;
        RowsSent += chunk.Rows;
        Statements++;
        LargestStatementBytes = Math.Max(LargestStatementBytes, chunk.Bytes);
        _pending = chunk.SendAsync(_connection, _options.CommandTimeoutSeconds, ct);
    }

    private async ValueTask CompletePendingAsync()
    {
        if (_pending is null) return;
        var pending = _pending;
        var chunk = _pendingChunk!;
        _pending = null;
        _pendingChunk = null;
        var inserted = await pending.ConfigureAwait(false);
        RowsInserted += inserted;
        chunk.Reset();
        _spare = chunk;
        ThrowOnDataWarnings();
    }

    private void ThrowOnDataWarnings()
    {
        if (_warnings.Count == 0) return;
        var bad = _warnings.Where(w => (int)w.ErrorCode != DuplicateEntryCode).ToList();
        _warnings.Clear();
        if (bad.Count == 0) return;
        var shown = string.Join("; ", bad.Take(5).Select(w => $"{w.Level} {(int)w.ErrorCode}: {w.Message}"));
        throw new WarehouseDataException(
            $"table '{_table}': the server changed or refused values ({bad.Count} warning(s)): {shown}", _table, null, null);
    }

    private void OnInfoMessage(object sender, MySqlInfoMessageEventArgs args) => _warnings.AddRange(args.Errors);
}
