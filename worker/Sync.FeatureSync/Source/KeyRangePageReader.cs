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
/// So a page is read in two queries inside one consistent snapshot: (1) the page's (ts, key) pairs from the index
/// alone (a covering, lookup-free scan), which fix its exact last position and its smallest and largest key;
/// (2) the rows with keys in that range, scanned in primary-key order. Rows of (2) outside the page's position range
/// are skipped. The page is taken only when (2) yields exactly the rows of (1) in (ts, key) order; otherwise, or when
/// the key range is much wider than the page, the caller reads the page through the index as before (null).
/// </remarks>
internal sealed class KeyRangePageReader
{
    /// <summary>Key range scanned per row returned, at most (times the hash partition count): beyond it the scan costs more than lookups.</summary>
    private const int MaxSpanPerRow = 2;

    private readonly SourceReader _reader;
    private readonly SourceSchema _schema;
    private readonly PartitionFilter _partition;
    private readonly string _probeSelect;
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
        _probeSelect = $"SELECT {ts}, {key} FROM {table}";
        _fetchSql = $"SELECT {string.Join(", ", schema.Columns.Select(c => SqlNames.Quote(c.Name)))} FROM {table} WHERE {key} BETWEEN @k_lo AND @k_hi{partition.Sql} ORDER BY {key}";
        // Hash partitions hold every P-th key, so their key ranges are P times wider than their row counts.
        _maxSpanPerRow = MaxSpanPerRow * (partition.Sql.Contains("CRC32", StringComparison.Ordinal) ? partition.Count : 1);
    }

    /// <summary>The page <see cref="SourceReader.ReadPageAsync"/> would return, or null when this path cannot give it.</summary>
    public async Task<SourcePage?> TryReadPageAsync(MySqlConnection connection, SyncCursor cursor, int limit, DateOnly? day, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
        int rows = 0;
        bool stoppedAtDayChange = false;
        DateOnly pageDay = day ?? default;
        DateTime lastTs = default;
        long lastKey = 0, lowKey = long.MaxValue, highKey = long.MinValue;
        await using (var probe = _reader.CreateCommand(connection, _probeSelect, cursor, null, limit))
        {
            probe.Transaction = tx;
            await probe.PrepareAsync(ct).ConfigureAwait(false);
            await using var r = await probe.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                var ts = r.GetDateTime(0);
                var rowDay = DateOnly.FromDateTime(ts);
                if (rows == 0 && day is null) pageDay = rowDay;
                if (rowDay != pageDay)
                {
                    stoppedAtDayChange = true;
                    break;
                }
                lastTs = ts;
                lastKey = r.GetInt64(1);
                if (lastKey < lowKey) lowKey = lastKey;
                if (lastKey > highKey) highKey = lastKey;
                rows++;
            }
        }
        if (rows == 0)
        {
            await tx.CommitAsync(ct).ConfigureAwait(false);
            return new SourcePage(null, 0, default, default, pageDay, 0, false, stoppedAtDayChange);
        }
        if ((double)highKey - lowKey + 1 > (double)rows * _maxSpanPerRow)
        {
            await tx.CommitAsync(ct).ConfigureAwait(false);
            return null;
        }

        var appenders = new ColumnAppender[_schema.Columns.Count];
        for (int i = 0; i < appenders.Length; i++) appenders[i] = ColumnAppender.Create(_schema.Columns[i].ArrowType);
        int taken = 0;
        DateTime firstTs = default, prevTs = default;
        long firstKey = 0, prevKey = 0;
        bool ordered = true;
        int tsOrdinal = _schema.TimestampOrdinal, keyOrdinal = _schema.KeyOrdinal;
        // The probe's lower bound, applied here to the scanned rows: after (fromTs, fromKey), or at or after fromTs.
        var (fromTs, fromKey, inclusive) = cursor.After is { } after
            ? (after.Timestamp, long.Parse(after.Key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), false)
            : (cursor.Timestamp ?? DateTime.MinValue, long.MinValue, true);
        await using (var fetch = new MySqlCommand(_fetchSql, connection, tx))
        {
            fetch.Parameters.AddWithValue("@k_lo", lowKey);
            fetch.Parameters.AddWithValue("@k_hi", highKey);
            _partition.AddParameters(fetch);
            await fetch.PrepareAsync(ct).ConfigureAwait(false);
            await using var r = await fetch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                if (r.IsDBNull(tsOrdinal)) continue; // never read: the index order has no place for it
                var ts = r.GetDateTime(tsOrdinal);
                long key = r.GetInt64(keyOrdinal);
                int fromCmp = inclusive ? ts.Ticks.CompareTo(fromTs.Ticks) : Compare(ts, key, fromTs, fromKey);
                if (fromCmp < (inclusive ? 0 : 1) || Compare(ts, key, lastTs, lastKey) > 0) continue;
                if (taken > 0 && Compare(ts, key, prevTs, prevKey) <= 0)
                {
                    ordered = false;
                    break;
                }
                for (int i = 0; i < appenders.Length; i++) appenders[i].Append(r, i);
                if (taken == 0)
                {
                    firstTs = ts;
                    firstKey = key;
                }
                prevTs = ts;
                prevKey = key;
                taken++;
            }
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        if (!ordered || taken != rows) return null;

        var arrays = new Apache.Arrow.IArrowArray[appenders.Length];
        long bytes = 0;
        for (int i = 0; i < appenders.Length; i++)
        {
            arrays[i] = appenders[i].Build();
            bytes += appenders[i].EstimatedBytes;
        }
        return new SourcePage(new Apache.Arrow.RecordBatch(_schema.ArrowSchema, arrays, rows), rows,
            _reader.Position(firstTs, firstKey, null), _reader.Position(lastTs, lastKey, null), pageDay, bytes, rows == limit, stoppedAtDayChange);
    }

    private static int Compare(DateTime ts, long key, DateTime otherTs, long otherKey)
    {
        int c = ts.Ticks.CompareTo(otherTs.Ticks);
        return c != 0 ? c : key.CompareTo(otherKey);
    }
}
