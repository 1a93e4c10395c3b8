using System.Data;
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
/// after the cursor within that day, are looked up in the index without lookups and without sending the rows between;
/// the page P is then every row in (cursor, L], exactly <c>limit</c> rows. (A shorter page, at the end of a day or
/// of the table, is counted instead, with its smallest and largest key.)</item>
/// <item>the rows with keys around [F.key, L.key] (a margin either side for rows slightly out of key order) are
/// scanned in primary-key order, keeping those in (cursor, L]: a subset of P, all of P exactly when as many rows are
/// kept as P has. When some are missing, the range is widened to P's exact smallest and largest key (one more count
/// in the index) and scanned again.</item>
/// </list>
/// The page is taken only when the kept rows come in strictly increasing (ts, key) order and are all of P; otherwise,
/// or when the key range is much wider than the page, the caller reads the page through the index as before (null).
/// </remarks>
internal sealed class KeyRangePageReader
{
    /// <summary>Key range scanned per row returned, at most (times the hash partition count): beyond it the scan costs more than lookups.</summary>
    private const int MaxSpanPerRow = 2;

    /// <summary>The margin either side of [F.key, L.key]: this fraction of the page's rows, in keys (times the hash partition count).</summary>
    private const int MarginDivisor = 16;

    private readonly SourceReader _reader;
    private readonly SourceSchema _schema;
    private readonly PartitionFilter _partition;
    private readonly string _pointSelect;
    private readonly string _dayEnd;
    private readonly string _offsetTail;
    private readonly string _lastTail;
    private readonly string _laterDaySql;
    private readonly string _summarySelect;
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
        _dayEnd = $" AND {ts} < @day_end";
        _offsetTail = $" ORDER BY {ts}, {key} LIMIT 1 OFFSET @offset";
        _lastTail = $" ORDER BY {ts} DESC, {key} DESC LIMIT 1";
        _laterDaySql = $"SELECT EXISTS (SELECT 1 FROM {table} WHERE {ts} >= @day_end AND {ts} <= NOW(6) - INTERVAL @settle_us MICROSECOND{partition.Sql})";
        _summarySelect = $"SELECT COUNT(*), MIN({key}), MAX({key}) FROM {table}";
        _fetchSql = $"SELECT {string.Join(", ", schema.Columns.Select(c => SqlNames.Quote(c.Name)))} FROM {table} " +
            $"WHERE {key} BETWEEN @k_lo AND @k_hi AND {ts} BETWEEN @t_lo AND @t_hi{partition.Sql} ORDER BY {key}";
        // Hash partitions hold every P-th key, so their key ranges are P times wider than their row counts.
        _keysPerRow = partition.Sql.Contains("CRC32", StringComparison.Ordinal) ? partition.Count : 1;
    }

    /// <summary>The page <see cref="SourceReader.ReadPageAsync"/> would return, or null when this path cannot give it.</summary>
    /// <param name="located">Told the last position and day of a full page as soon as they are known, before its rows are read.</param>
    public async Task<SourcePage?> TryReadPageAsync(MySqlConnection connection, SyncCursor cursor, int limit, DateOnly? day,
        Action<SyncPosition, DateOnly>? located, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
        var page = await ReadAsync(connection, tx, cursor, limit, day, located, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return page;
    }

    private async Task<SourcePage?> ReadAsync(MySqlConnection connection, MySqlTransaction tx, SyncCursor cursor, int limit, DateOnly? day,
        Action<SyncPosition, DateOnly>? located, CancellationToken ct)
    {
        if (await PointAsync(connection, tx, cursor, "", null, null, 0, ct).ConfigureAwait(false) is not { } first)
            return new SourcePage(null, 0, default, default, day ?? default, 0, false, false);
        var pageDay = day ?? DateOnly.FromDateTime(first.Ts);
        if (DateOnly.FromDateTime(first.Ts) != pageDay) return new SourcePage(null, 0, default, default, pageDay, 0, false, true);
        var dayEnd = pageDay.AddDays(1).ToDateTime(TimeOnly.MinValue);

        long rows, low, high;
        bool exact, laterDay = false;
        if (await PointAsync(connection, tx, cursor, _dayEnd, _offsetTail, dayEnd, limit - 1, ct).ConfigureAwait(false) is { } full)
        {
            rows = limit;
            long margin = (limit / MarginDivisor + 16) * _keysPerRow;
            low = Saturating(Math.Min(first.Key, full.Key), -margin);
            high = Saturating(Math.Max(first.Key, full.Key), margin);
            exact = false;
            located?.Invoke(_reader.Position(full.Ts, full.Key, null), pageDay);
        }
        else
        {
            // Fewer rows than the limit in this day: its last row, then the page counted (few pages are short).
            full = (await PointAsync(connection, tx, cursor, _dayEnd, _lastTail, dayEnd, 0, ct).ConfigureAwait(false))!.Value;
            laterDay = await LaterDayAsync(connection, tx, dayEnd, ct).ConfigureAwait(false);
            (rows, low, high) = await SummaryAsync(connection, tx, cursor, full, ct).ConfigureAwait(false);
            exact = true;
        }
        var last = _reader.Position(full.Ts, full.Key, null);
        if (exact ? TooWide(low, high, rows) : TooWide(Math.Min(first.Key, full.Key), Math.Max(first.Key, full.Key), rows)) return null;

        var fetched = await FetchAsync(connection, tx, cursor, full, low, high, rows, ct).ConfigureAwait(false);
        if (fetched != null && fetched.Page.Rows < rows && !exact)
        {
            // Some of the page's rows lie outside the margin: read again over its exact key range.
            (_, low, high) = await SummaryAsync(connection, tx, cursor, full, ct).ConfigureAwait(false);
            if (TooWide(low, high, rows)) return null;
            fetched = await FetchAsync(connection, tx, cursor, full, low, high, rows, ct).ConfigureAwait(false);
        }
        if (fetched == null || fetched.Page.Rows != rows) return null;
        return fetched.Page.Build(_reader.Position(fetched.FirstTs, fetched.FirstKey, null), last, pageDay, rows == limit, rows < limit && laterDay);
    }

    private sealed record Fetched(PageBuilder Page, DateTime FirstTs, long FirstKey);

    /// <summary>The rows of keys [low, high] in (cursor, last], in key order; null when they are not in (ts, key) order.</summary>
    private async Task<Fetched?> FetchAsync(MySqlConnection connection, MySqlTransaction tx, SyncCursor cursor, (DateTime Ts, long Key) last,
        long low, long high, long rows, CancellationToken ct)
    {
        var page = new PageBuilder(_schema, (int)rows);
        DateTime firstTs = default, prevTs = default;
        long firstKey = 0, prevKey = 0;
        int tsOrdinal = _schema.TimestampOrdinal, keyOrdinal = _schema.KeyOrdinal;
        // The cursor as a lower bound on the scanned rows: after (fromTs, fromKey), or at or after fromTs.
        var (fromTs, fromKey, inclusive) = cursor.After is { } after
            ? (after.Timestamp, long.Parse(after.Key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), false)
            : (cursor.Timestamp ?? DateTime.MinValue, long.MinValue, true);
        await using var fetch = new MySqlCommand(_fetchSql, connection, tx);
        fetch.Parameters.AddWithValue("@k_lo", low);
        fetch.Parameters.AddWithValue("@k_hi", high);
        fetch.Parameters.AddWithValue("@t_lo", fromTs);
        fetch.Parameters.AddWithValue("@t_hi", last.Ts);
        _partition.AddParameters(fetch);
        await fetch.PrepareAsync(ct).ConfigureAwait(false);
        await using var r = await fetch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            var ts = r.GetDateTime(tsOrdinal);
            long key = r.GetInt64(keyOrdinal);
            if (inclusive ? ts < fromTs : Compare(ts, key, fromTs, fromKey) <= 0) continue;
            if (Compare(ts, key, last.Ts, last.Key) > 0) continue;
            if (page.Rows > 0 && Compare(ts, key, prevTs, prevKey) <= 0) return null;
            if (page.Rows == 0)
            {
                firstTs = ts;
                firstKey = key;
            }
            prevTs = ts;
            prevKey = key;
            page.Add(r, ts, key);
        }
        return new Fetched(page, firstTs, firstKey);
    }

    /// <summary>One row's position from the index: the first after the cursor, or as <paramref name="tail"/> orders and offsets.</summary>
    private async Task<(DateTime Ts, long Key)?> PointAsync(MySqlConnection connection, MySqlTransaction tx, SyncCursor cursor,
        string condition, string? tail, DateTime? dayEnd, int offset, CancellationToken ct)
    {
        await using var cmd = _reader.CreateCommand(connection, _pointSelect, cursor, null, 1, condition, tail);
        cmd.Transaction = tx;
        if (dayEnd is { } end) cmd.Parameters.AddWithValue("@day_end", end);
        cmd.Parameters.AddWithValue("@offset", offset);
        await cmd.PrepareAsync(ct).ConfigureAwait(false);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? (r.GetDateTime(0), r.GetInt64(1)) : null;
    }

    /// <summary>Whether a row of a day after the page's is readable (within the settle horizon): the page then stopped at a day change.</summary>
    private async Task<bool> LaterDayAsync(MySqlConnection connection, MySqlTransaction tx, DateTime dayEnd, CancellationToken ct)
    {
        await using var cmd = new MySqlCommand(_laterDaySql, connection, tx);
        cmd.Parameters.AddWithValue("@day_end", dayEnd);
        cmd.Parameters.AddWithValue("@settle_us", _reader.SettleMicroseconds);
        _partition.AddParameters(cmd);
        await cmd.PrepareAsync(ct).ConfigureAwait(false);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture) != 0;
    }

    /// <summary>The rows in (cursor, last], counted in the index, with their smallest and largest key.</summary>
    private async Task<(long Rows, long Low, long High)> SummaryAsync(MySqlConnection connection, MySqlTransaction tx, SyncCursor cursor,
        (DateTime Ts, long Key) last, CancellationToken ct)
    {
        await using var cmd = _reader.CreateCommand(connection, _summarySelect, cursor, _reader.Position(last.Ts, last.Key, null), 1, "", "");
        cmd.Transaction = tx;
        await cmd.PrepareAsync(ct).ConfigureAwait(false);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await r.ReadAsync(ct).ConfigureAwait(false);
        long rows = r.GetInt64(0);
        return rows == 0 ? (0, 0, 0) : (rows, r.GetInt64(1), r.GetInt64(2));
    }

    private bool TooWide(long low, long high, long rows) => (double)high - low + 1 > (double)rows * MaxSpanPerRow * _keysPerRow;

    private static long Saturating(long value, long delta) =>
        delta < 0 ? (value < long.MinValue - delta ? long.MinValue : value + delta) : (value > long.MaxValue - delta ? long.MaxValue : value + delta);

    private static int Compare(DateTime ts, long key, DateTime otherTs, long otherKey)
    {
        int c = ts.Ticks.CompareTo(otherTs.Ticks);
        return c != 0 ? c : key.CompareTo(otherKey);
    }
}
