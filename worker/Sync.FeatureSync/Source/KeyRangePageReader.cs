using System.Data;
using System.Globalization;
using MySqlConnector;

namespace Sync.FeatureSync.Source;

/// <summary>
/// Reads a page of the (timestamp, key) order through the table's primary key instead of the (timestamp, key) index,
/// for tables whose integer primary key grows with time (auto-increment ids stamped with the insert time).
/// </summary>
/// <remarks>
/// Walking a secondary index costs InnoDB a primary-key lookup per row, several times the cost of scanning the table.
/// So a page is read in two queries inside one consistent snapshot: (1) a summary of the page the index would give
/// (its rows P: the first <c>limit</c> after the cursor), computed by the server from the index alone, without
/// lookups and without sending a row: their count N, smallest and largest key, and largest timestamp T;
/// (2) the rows with keys in that range, scanned in primary-key order, keeping those after the cursor with
/// timestamps up to T. Every row of P has its key in the range and passes those filters, so (2) keeps all of P, plus
/// possibly rows at T beyond the page's limit. When the kept rows come in strictly increasing (ts, key) order, P is
/// exactly their first N. Otherwise, or when the key range is much wider than the page, the caller reads the page
/// through the index as before (null).
/// </remarks>
internal sealed class KeyRangePageReader
{
    /// <summary>Key range scanned per row returned, at most (times the hash partition count): beyond it the scan costs more than lookups.</summary>
    private const int MaxSpanPerRow = 2;

    private readonly SourceReader _reader;
    private readonly SourceSchema _schema;
    private readonly PartitionFilter _partition;
    private readonly string _firstSelect;
    private readonly string _pageSelect;
    private readonly string _dayEnd;
    private readonly string _laterDay;
    private readonly string _fetchSql;
    private readonly long _maxSpanPerRow;

    public KeyRangePageReader(SourceReader reader, SourceSchema schema, PartitionFilter partition)
    {
        _reader = reader;
        _schema = schema;
        _partition = partition;
        string table = $"{SqlNames.Quote(schema.Database)}.{SqlNames.Quote(schema.Table)}";
        string ts = SqlNames.Quote(schema.Columns[schema.TimestampOrdinal].Name);
        string key = SqlNames.Quote(schema.Columns[schema.KeyOrdinal].Name);
        _firstSelect = $"SELECT {ts} FROM {table}";
        _pageSelect = $"SELECT {ts} AS page_ts, {key} AS page_key FROM {table}";
        _dayEnd = $" AND {ts} < @day_end";
        _laterDay = $"EXISTS (SELECT 1 FROM {table} WHERE {ts} >= @day_end AND {ts} <= NOW(6) - INTERVAL @settle_us MICROSECOND{partition.Sql})";
        _fetchSql = $"SELECT {string.Join(", ", schema.Columns.Select(c => SqlNames.Quote(c.Name)))} FROM {table} WHERE {key} BETWEEN @k_lo AND @k_hi AND {ts} <= @t_hi{partition.Sql} ORDER BY {key}";
        // Hash partitions hold every P-th key, so their key ranges are P times wider than their row counts.
        _maxSpanPerRow = MaxSpanPerRow * (partition.Sql.Contains("CRC32", StringComparison.Ordinal) ? partition.Count : 1);
    }

    /// <summary>
    /// The index's page after <paramref name="cursor"/> within the day before <paramref name="dayEnd"/>, summarized by the
    /// server: count, smallest and largest key, largest timestamp; and whether a row of a later day is readable.
    /// </summary>
    private MySqlCommand CreateSummaryCommand(MySqlConnection connection, SyncCursor cursor, int limit, DateOnly dayEnd)
    {
        var cmd = _reader.CreateCommand(connection, _pageSelect, cursor, null, limit, _dayEnd);
        cmd.CommandText = $"SELECT COUNT(*), MIN(page_key), MAX(page_key), MAX(page_ts), {_laterDay} FROM ({cmd.CommandText}) AS page";
        cmd.Parameters.AddWithValue("@day_end", dayEnd.ToDateTime(TimeOnly.MinValue));
        return cmd;
    }

    /// <summary>The page <see cref="SourceReader.ReadPageAsync"/> would return, or null when this path cannot give it.</summary>
    public async Task<SourcePage?> TryReadPageAsync(MySqlConnection connection, SyncCursor cursor, int limit, DateOnly? day, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
        // The page's day: the one asked for, or that of the first row after the cursor.
        DateOnly pageDay;
        if (day is { } asked)
        {
            pageDay = asked;
        }
        else
        {
            await using var first = _reader.CreateCommand(connection, _firstSelect, cursor, null, 1);
            first.Transaction = tx;
            await first.PrepareAsync(ct).ConfigureAwait(false);
            if (await first.ExecuteScalarAsync(ct).ConfigureAwait(false) is not DateTime firstRowTs)
            {
                await tx.CommitAsync(ct).ConfigureAwait(false);
                return new SourcePage(null, 0, default, default, default, 0, false, false);
            }
            pageDay = DateOnly.FromDateTime(firstRowTs);
        }

        // (1) The index's page, summarized.
        long rows, lowKey, highKey;
        DateTime highTs;
        bool laterDay;
        await using (var summary = CreateSummaryCommand(connection, cursor, limit, pageDay.AddDays(1)))
        {
            summary.Transaction = tx;
            await summary.PrepareAsync(ct).ConfigureAwait(false);
            await using var r = await summary.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await r.ReadAsync(ct).ConfigureAwait(false);
            rows = r.GetInt64(0);
            laterDay = r.GetInt64(4) != 0;
            if (rows == 0)
            {
                await r.DisposeAsync().ConfigureAwait(false);
                await tx.CommitAsync(ct).ConfigureAwait(false);
                return new SourcePage(null, 0, default, default, pageDay, 0, false, laterDay);
            }
            lowKey = r.GetInt64(1);
            highKey = r.GetInt64(2);
            highTs = r.GetDateTime(3);
        }
        if ((double)highKey - lowKey + 1 > (double)rows * _maxSpanPerRow)
        {
            await tx.CommitAsync(ct).ConfigureAwait(false);
            return null;
        }

        // (2) The rows in the page's key range, in key order.
        var page = new PageBuilder(_schema, (int)rows);
        DateTime firstTs = default, lastTs = default, prevTs = default;
        long firstKey = 0, lastKey = 0, prevKey = 0;
        bool ordered = true;
        int tsOrdinal = _schema.TimestampOrdinal, keyOrdinal = _schema.KeyOrdinal;
        // The lower bound of (1), applied here to the scanned rows: after (fromTs, fromKey), or at or after fromTs.
        var (fromTs, fromKey, inclusive) = cursor.After is { } after
            ? (after.Timestamp, long.Parse(after.Key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), false)
            : (cursor.Timestamp ?? DateTime.MinValue, long.MinValue, true);
        await using (var fetch = new MySqlCommand(_fetchSql, connection, tx))
        {
            fetch.Parameters.AddWithValue("@k_lo", lowKey);
            fetch.Parameters.AddWithValue("@k_hi", highKey);
            fetch.Parameters.AddWithValue("@t_hi", highTs);
            _partition.AddParameters(fetch);
            await fetch.PrepareAsync(ct).ConfigureAwait(false);
            await using var r = await fetch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                var ts = r.GetDateTime(tsOrdinal);
                long key = r.GetInt64(keyOrdinal);
                int fromCmp = inclusive ? ts.Ticks.CompareTo(fromTs.Ticks) : Compare(ts, key, fromTs, fromKey);
                if (fromCmp < (inclusive ? 0 : 1)) continue;
                if (page.Rows > 0 && Compare(ts, key, prevTs, prevKey) <= 0)
                {
                    ordered = false;
                    break;
                }
                prevTs = ts;
                prevKey = key;
                // Past the page's N rows only rows at T beyond the index page's limit can follow; they are read next page.
                if (page.Rows == rows) continue;
                if (page.Rows == 0)
                {
                    firstTs = ts;
                    firstKey = key;
                }
                lastTs = ts;
                lastKey = key;
                page.Add(r, ts, key);
            }
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        if (!ordered || page.Rows != rows) return null;
        return page.Build(_reader.Position(firstTs, firstKey, null), _reader.Position(lastTs, lastKey, null), pageDay,
            rows == limit, rows < limit && laterDay);
    }

    private static int Compare(DateTime ts, long key, DateTime otherTs, long otherKey)
    {
        int c = ts.Ticks.CompareTo(otherTs.Ticks);
        return c != 0 ? c : key.CompareTo(otherKey);
    }
}
