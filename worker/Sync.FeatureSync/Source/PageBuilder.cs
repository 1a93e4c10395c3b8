using Apache.Arrow;
using MySqlConnector;
using Sync.FeatureSync.Jobs;

namespace Sync.FeatureSync.Source;

/// <summary>
/// Assembles the rows of one page into an Arrow batch. The page readers read each row's timestamp and key first
/// (to place the row); those values are appended as read instead of being fetched from the reader a second time.
/// </summary>
internal sealed class PageBuilder
{
    private readonly SourceSchema _schema;
    private readonly ColumnAppender[] _appenders;
    private readonly ColumnAppender.TimestampAppender _ts;
    private readonly ColumnAppender.Int64Appender? _intKey;
    private readonly int _tsOrdinal;
    private readonly int _keyOrdinal;

    public PageBuilder(SourceSchema schema, int capacity)
    {
        _schema = schema;
        _appenders = new ColumnAppender[schema.Columns.Count];
        for (int i = 0; i < _appenders.Length; i++) _appenders[i] = ColumnAppender.Create(schema.Columns[i].ArrowType, capacity);
        _tsOrdinal = schema.TimestampOrdinal;
        _keyOrdinal = schema.KeyOrdinal;
        _ts = (ColumnAppender.TimestampAppender)_appenders[_tsOrdinal];
        _intKey = _appenders[_keyOrdinal] as ColumnAppender.Int64Appender;
    }

    public int Rows { get; private set; }

    /// <summary>Appends the reader's current row, whose timestamp is <paramref name="ts"/> and, for Int64 keys, whose key is <paramref name="intKey"/>.</summary>
    public void Add(MySqlDataReader reader, DateTime ts, long intKey)
    {
        for (int i = 0; i < _appenders.Length; i++)
        {
            if (i == _tsOrdinal) _ts.AppendTimestamp(ts);
            else if (i == _keyOrdinal && _intKey != null) _intKey.AppendValue(intKey);
            else _appenders[i].Append(reader, i);
        }
        Rows++;
    }

    /// <summary>The page; null when it has no row.</summary>
    public SourcePage Build(SyncPosition first, SyncPosition last, DateOnly day, bool reachedLimit, bool stoppedAtDayChange)
    {
        if (Rows == 0) return new SourcePage(null, 0, default, default, day, 0, false, stoppedAtDayChange);
        var arrays = new IArrowArray[_appenders.Length];
        var memory = new PageMemory();
        long bytes = 0;
        for (int i = 0; i < _appenders.Length; i++)
        {
            arrays[i] = _appenders[i].Build(memory);
            bytes += _appenders[i].EstimatedBytes;
        }
        return new SourcePage(new RecordBatch(_schema.ArrowSchema, arrays, Rows), Rows, first, last, day, bytes, reachedLimit, stoppedAtDayChange, memory);
    }
}
