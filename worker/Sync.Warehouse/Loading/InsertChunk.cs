using System.Text;
using MySqlConnector;
using Sync.Warehouse.Values;

namespace Sync.Warehouse.Loading;

/// <summary>A multi-row <c>INSERT IGNORE INTO t (cols) VALUES (...),(...)</c> statement.</summary>
internal sealed class InsertChunk : LoadChunk
{
    private readonly string _prefix;
    private readonly StringBuilder _sql = new(1024 * 1024);
    private SqlValuesSink _sink;
    private int _markLength;
    private long _markBytes;
    private int _markRows;

    public InsertChunk(string quotedTable, IEnumerable<string> quotedColumns)
    {
        _prefix = $"INSERT IGNORE INTO {quotedTable} ({string.Join(",", quotedColumns)}) VALUES ";
        _sql.Append(_prefix);
        _sink = new SqlValuesSink(_sql);
    }

    public override ValueSink Sink => _sink;

    public override int Rows => _sink.Rows;

    public override bool CanRemoveLastRow => true;

    public override void MarkRow()
    {
        _markLength = _sql.Length;
        _markBytes = _sink.ByteCount;
        _markRows = _sink.Rows;
    }

    public override void RemoveLastRow()
    {
        _sql.Length = _markLength;
        _sink = SqlValuesSink.Resume(_sql, _markBytes, _markRows);
    }

    public override void Reset()
    {
        _sql.Clear().Append(_prefix);
        _sink = new SqlValuesSink(_sql);
    }

    public override async Task<int> SendAsync(MySqlConnection connection, int timeoutSeconds, CancellationToken ct)
    {
        await using var command = new MySqlCommand(_sql.ToString(), connection) { CommandTimeout = timeoutSeconds };
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
