using System.Globalization;
using MySqlConnector;
using Sync.FeatureSync.Jobs;

namespace Sync.FeatureSync.Source;

/// <summary>
/// Reads a page of the (timestamp, key) order through the table's primary key instead of the (timestamp, key) index,
/// for tables whose integer primary key grows with time (auto-increment ids stamped with the insert time).
/// </summary>
/// <remarks>
/// Walking a secondary index costs InnoDB a primary-key lookup per row, several times the cost of scanning the table.
/// So a page is found in the index alone and read through the primary key, all in one consistent snapshot:
/// <list type="number">
/// <item>the first row after the cursor F (which fixes the page's day) and the page's last row L, the <c>limit</c>-th
/// after the cursor, are looked up in the index, without lookups and without sending the rows between; the page P is
/// then every row in (cursor, L], exactly <c>limit</c> rows. Skipping to L is the costly step (the server walks
/// <c>limit</c> index entries), so it is asked with a single comparison per entry: rows after the cursor's timestamp,
/// offset by the rows still at that timestamp (counted with F). L must then lie in F's day and within the settle
/// horizon F was read at. (A shorter page, at the end of a day or of what is readable, ends at the day's last row and
/// is counted in the index.)</item>
/// <item>the rows with keys in [F.key, L.key] are scanned in primary-key order, keeping those in (cursor, L]: a subset
/// of P, and all of P exactly when as many rows are kept as P holds.</item>
/// </list>
/// When P's rows are in key order as well as in (ts, key) order, its keys are exactly [F.key, L.key], and the scan
/// yields P in order. The page is taken only then: kept rows in strictly increasing (ts, key) order, as many as P
/// holds. Otherwise (rows stamped out of key order), or when the key range is much wider than the page, the caller
/// reads the page through the index as before (null). Knowing L before reading the rows also lets the next page be
/// read ahead (<see cref="PageReadAhead"/>).
/// </remarks>
internal sealed class KeyRangePageReader
{
    /// <summary>Key range scanned per row returned, at most (times the hash partition count): beyond it the scan costs more than lookups.</summary>
    private const int MaxSpanPerRow = 2;

    private readonly SourceReader _reader;
    private readonly SourceSchema _schema;
    private readonly PartitionFilter _partition;
    private readonly string _pointSelect;
    private readonly string _firstSelect;
    private readonly string _firstSelectAfter;
    private readonly string _offsetAfterSql;
    private readonly string _offsetFromSql;
    private readonly string _offsetAllSql;
    private readonly string _dayEnd;
    private readonly string _lastTail;
    private readonly string _laterDaySql;
    private readonly string _countSelect;
    private readonly string _fetchSql;
    private readonly long _keysPerRow;

    public KeyRangePageReader(SourceReader reader, SourceSchema schema, PartitionFilter partition)
    {
        _reader = reader;
        _schema = schema;
        _partition = partition;
        string table = $"{SqlNames.Quote(schema.Database)}.{SqlNames.Quote(schema.Table)}";
        string ts = SqlNames.Quote(schema.Columns[schema.TimestampOrdinal].Name);
        string key = SqlNames.Quote(schema.Columns[schema.KeyOrdinal].Name);
        _pointSelect = $"SELECT {ts}, {key} FROM {table}";
        _firstSelect = $"SELECT {ts}, {key}, NOW(6) - INTERVAL @settle_us MICROSECOND FROM {table}";
        _firstSelectAfter = $"SELECT {ts}, {key}, NOW(6) - INTERVAL @settle_us MICROSECOND, " +
            $"(SELECT COUNT(*) FROM {table} WHERE {ts} = @c_ts AND {key} > @c_key{partition.Sql}) FROM {table}";
        string offsetTail = $"{partition.Sql} ORDER BY {ts}, {key} LIMIT 1 OFFSET @offset";
        _offsetAfterSql = $"SELECT {ts}, {key} FROM {table} WHERE {ts} > @c_ts{offsetTail}";
        _offsetFromSql = $"SELECT {ts}, {key} FROM {table} WHERE {ts} >= @c_ts{offsetTail}";
        _offsetAllSql = $"SELECT {ts}, {key} FROM {table} WHERE {ts} IS NOT NULL{offsetTail}";
        _dayEnd = $" AND {ts} < @day_end";
        _lastTail = $" ORDER BY {ts} DESC, {key} DESC LIMIT 1";
        _laterDaySql = $"SELECT EXISTS (SELECT 1 FROM {table} WHERE {ts} >= @day_end AND {ts} <= NOW(6) - INTERVAL @settle_us MICROSECOND{partition.Sql})";
        _countSelect = $"SELECT COUNT(*) FROM {table}";
        _fetchSql = $"SELECT {string.Join(", ", schema.Columns.Select(c => SqlNames.Quote(c.Name)))} FROM {table} " +
            $"WHERE {key} BETWEEN @k_lo AND @k_hi AND {ts} BETWEEN @t_lo AND @t_hi{partition.Sql} ORDER BY {key}";
        // Hash partitions hold every P-th key, so their key ranges are P times wider than their row counts.
        _keysPerRow = partition.Sql.Contains("CRC32", StringComparison.Ordinal) ? partition.Count : 1;
    }

    /// <summary>The page <see cref="SourceReader.ReadPageAsync"/> would return, or null when this path cannot give it.</summary>
    /// <param name="located">
    /// Told the last position and day of a full page as soon as they are known; its rows are read once the task it
    /// returns says so (true), and not at all when it says false (the page is then not wanted: null).
    /// </param>
    public async Task<SourcePage?> TryReadPageAsync(MySqlConnection connection, SyncCursor cursor, int limit, DateOnly? day,
        Func<SyncPosition, DateOnly, Task<bool>>? located, CancellationToken ct)
    {
        // The snapshot is begun and ended with plain statements: they are bound by the command timeout, where
        // BeginTransaction waits on a silent server for ever. (A failure leaves the connection to be discarded, and
        // a later START TRANSACTION on it would end this one anyway.)
        await ExecuteAsync(connection, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY", ct).ConfigureAwait(false);
        var page = await ReadAsync(connection, cursor, limit, day, located, ct).ConfigureAwait(false);
        await ExecuteAsync(connection, "COMMIT", ct).ConfigureAwait(false);
        return page;
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql, CancellationToken ct)
    {
        await using var cmd = new MySqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private async Task<SourcePage?> ReadAsync(MySqlConnection connection, SyncCursor cursor, int limit, DateOnly? day,
        Func<SyncPosition, DateOnly, Task<bool>>? located, CancellationToken ct)
    {
        if (await FirstAsync(connection, cursor, ct).ConfigureAwait(false) is not { } first)
            return new SourcePage(null, 0, default, default, day ?? default, 0, false, false);
        var pageDay = day ?? DateOnly.FromDateTime(first.Ts);
        if (DateOnly.FromDateTime(first.Ts) != pageDay) return new SourcePage(null, 0, default, default, pageDay, 0, false, true);
        var dayEnd = pageDay.AddDays(1).ToDateTime(TimeOnly.MinValue);
        // Many rows at the cursor's very timestamp: the index path pages through them.
        if (first.AtCursorTs >= limit) return null;

        long rows;
        bool laterDay = false;
        Task<bool>? proceed = null;
        // The limit-th row after the cursor, found without the day and settle bounds (each costs the server a comparison
        // per row skipped); when it lies within both, so do all rows before it, and the page is full.
        if (await OffsetPointAsync(connection, cursor, limit - 1 - first.AtCursorTs, ct).ConfigureAwait(false) is { } last
            && last.Ts < dayEnd && last.Ts <= first.Horizon)
        {
            rows = limit;
            if (located != null) proceed = located(_reader.Position(last.Ts, last.Key, null), pageDay);
        }
        else
        {
            // Fewer rows than the limit in this day: its last row, then the page counted (few pages are short).
            last = (await LastInDayAsync(connection, cursor, dayEnd, ct).ConfigureAwait(false))!.Value;
            laterDay = await LaterDayAsync(connection, dayEnd, ct).ConfigureAwait(false);
            rows = await CountAsync(connection, cursor, last, ct).ConfigureAwait(false);
            // Rows that passed the settle horizon between the two statements can make it longer than the limit.
            if (rows > limit) return null;
        }
        // Rows in (ts, key) order have keys in order too, so the page's keys are [F.key, L.key]; rows out of order send it to the index.
        if (last.Key < first.Key || (double)last.Key - first.Key + 1 > (double)rows * MaxSpanPerRow * _keysPerRow) return null;
        var fetched = await FetchAsync(connection, cursor, last, first.Key, rows, proceed, ct).ConfigureAwait(false);
        if (fetched == null || fetched.Rows != rows) return null;
        return fetched.Build(_reader.Position(first.Ts, first.Key, null), _reader.Position(last.Ts, last.Key, null), pageDay, rows == limit, rows < limit && laterDay);
    }

    /// <summary>
    /// The rows of keys [<paramref name="lowKey"/>, last.Key] in (cursor, last], scanned in key order: a subset of the page, all
    /// of it when as many as the page holds. Null when they do not come in (ts, key) order.
    /// </summary>
    private async Task<PageBuilder?> FetchAsync(MySqlConnection connection, SyncCursor cursor, (DateTime Ts, long Key) last,
        long lowKey, long rows, Task<bool>? proceed, CancellationToken ct)
    {
        var page = new PageBuilder(_schema, (int)rows);
        DateTime prevTs = default;
        long prevKey = 0;
        int tsOrdinal = _schema.TimestampOrdinal, keyOrdinal = _schema.KeyOrdinal;
        // The cursor as a lower bound on the scanned rows: after (fromTs, fromKey), or at or after fromTs.
        var (fromTs, fromKey, inclusive) = cursor.After is { } after
            ? (after.Timestamp, long.Parse(after.Key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), false)
            : (cursor.Timestamp ?? DateTime.MinValue, long.MinValue, true);
        await using var fetch = new MySqlCommand(_fetchSql, connection);
        fetch.Parameters.AddWithValue("@k_lo", lowKey);
        fetch.Parameters.AddWithValue("@k_hi", last.Key);
        fetch.Parameters.AddWithValue("@t_lo", fromTs);
        fetch.Parameters.AddWithValue("@t_hi", last.Ts);
        _partition.AddParameters(fetch);
        await fetch.PrepareAsync(ct).ConfigureAwait(false);
        // Executed before the page is asked for (when read ahead), so the server is sending its rows by then.
        await using var r = await fetch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        using var cancel = RowReads.CancelOnToken(fetch, ct);
        if (proceed != null && !await proceed.ConfigureAwait(false))
        {
            await RowReads.SkipRestAsync(r).ConfigureAwait(false);
            return null;
        }
        while (await r.ReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            var ts = r.GetDateTime(tsOrdinal);
            long key = r.GetInt64(keyOrdinal);
            if (inclusive ? ts < fromTs : Compare(ts, key, fromTs, fromKey) <= 0) continue;
            if (Compare(ts, key, last.Ts, last.Key) > 0) continue;
            if (page.Rows > 0 && Compare(ts, key, prevTs, prevKey) <= 0)
            {
                await RowReads.SkipRestAsync(r).ConfigureAwait(false);
                return null;
            }
            prevTs = ts;
            prevKey = key;
            page.Add(r, ts, key);
        }
        return page;
    }

    /// <summary>
    /// The first row after the cursor within the settle horizon, with that horizon (the server clock's, as the query saw
    /// it) and the number of rows after the cursor at the cursor's very timestamp.
    /// </summary>
    private async Task<(DateTime Ts, long Key, DateTime Horizon, int AtCursorTs)?> FirstAsync(MySqlConnection connection,
        SyncCursor cursor, CancellationToken ct)
    {
        await using var cmd = _reader.CreateCommand(connection, cursor.After is null ? _firstSelect : _firstSelectAfter, cursor, null, 1);
        await cmd.PrepareAsync(ct).ConfigureAwait(false);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await r.ReadAsync(ct).ConfigureAwait(false)) return null;
        return (r.GetDateTime(0), r.GetInt64(1), r.GetDateTime(2), cursor.After is null ? 0 : checked((int)r.GetInt64(3)));
    }

    /// <summary>
    /// The row <paramref name="offset"/> rows after the first one past the cursor's timestamp (at or after it, for a
    /// cursor without a key), in (ts, key) order, with no upper bound: the index range is scanned with one comparison.
    /// </summary>
    private async Task<(DateTime Ts, long Key)?> OffsetPointAsync(MySqlConnection connection, SyncCursor cursor, int offset, CancellationToken ct)
    {
        string sql = cursor.After is not null ? _offsetAfterSql : cursor.Timestamp is not null ? _offsetFromSql : _offsetAllSql;
        await using var cmd = new MySqlCommand(sql, connection);
        if (cursor.After is { } after) cmd.Parameters.AddWithValue("@c_ts", after.Timestamp);
        else if (cursor.Timestamp is { } from) cmd.Parameters.AddWithValue("@c_ts", from);
        cmd.Parameters.AddWithValue("@offset", offset);
        _partition.AddParameters(cmd);
        await cmd.PrepareAsync(ct).ConfigureAwait(false);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? (r.GetDateTime(0), r.GetInt64(1)) : null;
    }

    /// <summary>The last row after the cursor before <paramref name="dayEnd"/>, within the settle horizon.</summary>
    private async Task<(DateTime Ts, long Key)?> LastInDayAsync(MySqlConnection connection, SyncCursor cursor, DateTime dayEnd, CancellationToken ct)
    {
        await using var cmd = _reader.CreateCommand(connection, _pointSelect, cursor, null, 1, _dayEnd, _lastTail);
        cmd.Parameters.AddWithValue("@day_end", dayEnd);
        await cmd.PrepareAsync(ct).ConfigureAwait(false);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? (r.GetDateTime(0), r.GetInt64(1)) : null;
    }

    /// <summary>Whether a row of a day after the page's is readable (within the settle horizon): the page then stopped at a day change.</summary>
    private async Task<bool> LaterDayAsync(MySqlConnection connection, DateTime dayEnd, CancellationToken ct)
    {
        await using var cmd = new MySqlCommand(_laterDaySql, connection);
        cmd.Parameters.AddWithValue("@day_end", dayEnd);
        cmd.Parameters.AddWithValue("@settle_us", _reader.SettleMicroseconds);
        _partition.AddParameters(cmd);
        await cmd.PrepareAsync(ct).ConfigureAwait(false);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture) != 0;
    }

    /// <summary>The rows in (cursor, last], counted in the index.</summary>
    private async Task<long> CountAsync(MySqlConnection connection, SyncCursor cursor, (DateTime Ts, long Key) last, CancellationToken ct)
    {
        await using var cmd = _reader.CreateCommand(connection, _countSelect, cursor, _reader.Position(last.Ts, last.Key, null), 1, "", "");
        await cmd.PrepareAsync(ct).ConfigureAwait(false);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static int Compare(DateTime ts, long key, DateTime otherTs, long otherKey)
    {
        int c = ts.Ticks.CompareTo(otherTs.Ticks);
        return c != 0 ? c : key.CompareTo(otherKey);
    }
}
