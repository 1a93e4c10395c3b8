using System.Globalization;
using System.Text;
using Apache.Arrow;
using MySqlConnector;
using Sync.FeatureSync.Jobs;

namespace Sync.FeatureSync.Source;

/// <summary>
/// Reads one partition of the source table in (timestamp, key) order with keyset paging. The lower bound is written
/// <c>ts &gt;= @ts AND (ts &gt; @ts OR key &gt; @key)</c> rather than as a row comparison so MariaDB and MySQL both
/// range-scan an index on (ts, key) and return rows in index order without a sort.
/// </summary>
internal sealed class SourceReader : IAsyncDisposable
{
    private readonly SourceSchema _schema;
    private readonly PartitionFilter _partition;
    private readonly FeatureSyncJob _job;
    private readonly string _select;
    private readonly string _ts;
    private readonly string _key;
    /// <summary>Pages in a row the key-range read may miss before the reader keeps to the index.</summary>
    private const int MaxKeyRangeMisses = 3;

    private KeyRangePageReader? _keyRange;
    private PageReadAhead? _readAhead;
    private int _keyRangeMisses;
    private bool _catchingUp = true;

    /// <param name="keyRangeReads">Read pages through the primary key while catching up, when the key is the integer primary key.</param>
    /// <param name="readAhead">Read the next key-range page on connections of the reader's own while the caller takes the current one.</param>
    public SourceReader(FeatureSyncJob job, SourceSchema schema, PartitionFilter partition, bool keyRangeReads = true, bool readAhead = false)
    {
        _job = job;
        _schema = schema;
        _partition = partition;
        _ts = SqlNames.Quote(schema.Columns[schema.TimestampOrdinal].Name);
        _key = SqlNames.Quote(schema.Columns[schema.KeyOrdinal].Name);
        _select = $"SELECT {string.Join(", ", schema.Columns.Select(c => SqlNames.Quote(c.Name)))} FROM {SqlNames.Quote(schema.Database)}.{SqlNames.Quote(schema.Table)}";
        if (keyRangeReads && schema.KeyIsPrimaryKey && schema.KeyIsInteger)
        {
            _keyRange = new KeyRangePageReader(this, schema, partition);
            if (readAhead) _readAhead = new PageReadAhead(_keyRange);
        }
    }

    /// <summary>Pages read through the primary key (for tests and benchmarks).</summary>
    public long PagesReadByKeyRange { get; private set; }

    /// <summary>Pages that were read ahead and then taken (for tests and benchmarks).</summary>
    public long PagesReadAhead => _readAhead?.PagesReadAhead ?? 0;

    public SourceSchema Schema => _schema;

    /// <summary>Whether reads may go through the primary-key range path (on by default when the key is the primary key).</summary>
    public bool UsesKeyRangeReads => _keyRange != null;

    /// <summary>How old a row must be to be read (<c>@settle_us</c> of the queries).</summary>
    internal long SettleMicroseconds => _job.SettleDelay.Ticks / 10;

    /// <summary>The query text for a read (for tests and EXPLAIN).</summary>
    public string BuildSql(SyncCursor cursor, SyncPosition? upTo) => BuildSql(_select, cursor, upTo);

    /// <summary>
    /// The keyset query for <paramref name="select"/> (a SELECT … FROM of the source table), with <paramref name="condition"/>
    /// AND-ed, ending in <paramref name="tail"/> (by default the (ts, key) order and <c>LIMIT @limit</c>).
    /// </summary>
    internal string BuildSql(string select, SyncCursor cursor, SyncPosition? upTo, string condition = "", string? tail = null)
    {
        var sql = new StringBuilder(select);
        sql.Append(" WHERE ");
        if (cursor.After is not null) sql.Append(CultureInfo.InvariantCulture, $"{_ts} >= @c_ts AND ({_ts} > @c_ts OR {_key} > @c_key)");
        else if (cursor.Timestamp is not null) sql.Append(CultureInfo.InvariantCulture, $"{_ts} >= @c_ts");
        else sql.Append(CultureInfo.InvariantCulture, $"{_ts} IS NOT NULL");
        // Either an exact last position (re-reading a recorded file range) or the settle horizon of the server clock.
        if (upTo is not null) sql.Append(CultureInfo.InvariantCulture, $" AND {_ts} <= @u_ts AND ({_ts} < @u_ts OR {_key} <= @u_key)");
        else sql.Append(CultureInfo.InvariantCulture, $" AND {_ts} <= NOW(6) - INTERVAL @settle_us MICROSECOND");
        sql.Append(condition);
        sql.Append(_partition.Sql);
        sql.Append(tail ?? $" ORDER BY {_ts}, {_key} LIMIT @limit");
        return sql.ToString();
    }

    /// <summary>The keyset query with its parameters bound.</summary>
    public MySqlCommand CreateCommand(MySqlConnection connection, SyncCursor cursor, SyncPosition? upTo, int limit) =>
        CreateCommand(connection, _select, cursor, upTo, limit);

    /// <summary>The keyset query for <paramref name="select"/> with its parameters bound.</summary>
    internal MySqlCommand CreateCommand(MySqlConnection connection, string select, SyncCursor cursor, SyncPosition? upTo, int limit, string condition = "", string? tail = null)
    {
        var cmd = new MySqlCommand(BuildSql(select, cursor, upTo, condition, tail), connection);
        if (cursor.After is { } after)
        {
            cmd.Parameters.AddWithValue("@c_ts", after.Timestamp);
            cmd.Parameters.AddWithValue("@c_key", PartitionFilter.KeyValue(_schema, after.Key, _job));
        }
        else if (cursor.Timestamp is { } from)
        {
            cmd.Parameters.AddWithValue("@c_ts", from);
        }
        if (upTo is { } u)
        {
            cmd.Parameters.AddWithValue("@u_ts", u.Timestamp);
            cmd.Parameters.AddWithValue("@u_key", PartitionFilter.KeyValue(_schema, u.Key, _job));
        }
        else
        {
            cmd.Parameters.AddWithValue("@settle_us", SettleMicroseconds);
        }
        cmd.Parameters.AddWithValue("@limit", limit);
        _partition.AddParameters(cmd);
        return cmd;
    }

    /// <summary>
    /// Reads up to <paramref name="limit"/> rows after <paramref name="cursor"/>, stopping before the first row of another
    /// day than <paramref name="day"/> (when given) or of another day than the first row read.
    /// </summary>
    /// <param name="nextLimit">The limit the caller will ask for after this page if it comes back full (the page read ahead); by default the same.</param>
    public async Task<SourcePage> ReadPageAsync(MySqlConnection connection, SyncCursor cursor, SyncPosition? upTo, int limit, DateOnly? day, CancellationToken ct,
        int? nextLimit = null)
    {
        // Catching up (the last page was full): try the primary-key range read, which the server does at table-scan speed.
        if (_keyRange != null && upTo is null && _catchingUp)
        {
            var fast = _readAhead != null
                ? await _readAhead.TryReadPageAsync(connection, cursor, limit, nextLimit ?? limit, day, ct).ConfigureAwait(false)
                : await _keyRange.TryReadPageAsync(connection, cursor, limit, day, null, ct).ConfigureAwait(false);
            if (fast != null)
            {
                PagesReadByKeyRange++;
                _keyRangeMisses = 0;
                _catchingUp = fast.ReachedLimit || fast.StoppedAtDayChange;
                return fast;
            }
            // The table's key order does not follow its time order here; after a few such pages, stop trying.
            if (++_keyRangeMisses >= MaxKeyRangeMisses) _keyRange = null;
        }
        else if (_readAhead != null)
        {
            await _readAhead.DiscardAsync().ConfigureAwait(false);
        }
        var page = await ReadOrderedPageAsync(connection, cursor, upTo, limit, day, ct).ConfigureAwait(false);
        if (upTo is null) _catchingUp = page.ReachedLimit || page.StoppedAtDayChange;
        return page;
    }

    /// <summary>Reads a page through the (ts, key) index: the server returns rows in that order.</summary>
    private async Task<SourcePage> ReadOrderedPageAsync(MySqlConnection connection, SyncCursor cursor, SyncPosition? upTo, int limit, DateOnly? day, CancellationToken ct)
    {
        await using var cmd = CreateCommand(connection, cursor, upTo, limit);
        // Binary protocol: numbers and datetimes come as bytes, neither formatted as text by the server nor parsed by us.
        // The session keeps the prepared statement, so each page costs one execute, not a prepare.
        await cmd.PrepareAsync(ct).ConfigureAwait(false);
        var page = new PageBuilder(_schema, limit);
        bool stoppedAtDayChange = false;
        DateTime firstTs = default, lastTs = default;
        long firstIntKey = 0, lastIntKey = 0;
        string? firstKey = null, lastKey = null;
        DateOnly pageDay = day ?? default;
        int tsOrdinal = _schema.TimestampOrdinal, keyOrdinal = _schema.KeyOrdinal;
        bool intKey = _schema.KeyIsInteger;
        await using (var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            using var cancel = RowReads.CancelOnToken(cmd, ct);
            while (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                var ts = reader.GetDateTime(tsOrdinal);
                var rowDay = DateOnly.FromDateTime(ts);
                if (page.Rows == 0 && day is null) pageDay = rowDay;
                if (rowDay != pageDay)
                {
                    stoppedAtDayChange = true;
                    await RowReads.SkipRestAsync(reader).ConfigureAwait(false);
                    break;
                }
                // Positions are kept raw per row and turned into text only for the page's first and last row.
                lastTs = ts;
                if (intKey) lastIntKey = reader.GetInt64(keyOrdinal);
                else lastKey = reader.GetString(keyOrdinal);
                if (page.Rows == 0)
                {
                    firstTs = lastTs;
                    firstIntKey = lastIntKey;
                    firstKey = lastKey;
                }
                page.Add(reader, ts, lastIntKey);
            }
        }
        return page.Build(Position(firstTs, firstIntKey, firstKey), Position(lastTs, lastIntKey, lastKey), pageDay, page.Rows == limit, stoppedAtDayChange);
    }

    public ValueTask DisposeAsync() => _readAhead?.DisposeAsync() ?? ValueTask.CompletedTask;

    internal SyncPosition Position(DateTime ts, long intKey, string? key) => new(
        DateTime.SpecifyKind(ts, DateTimeKind.Unspecified),
        _schema.KeyIsInteger ? intKey.ToString(CultureInfo.InvariantCulture) : key ?? "");
}
