using System.Globalization;
using System.Text;
using MySqlConnector;
using Sync.Testing;

namespace Sync.FeatureSync.Tests.Support;

/// <summary>
/// A feature table in its own MariaDB database: (id BIGINT key, ts DATETIME(6), score DOUBLE, label VARCHAR, cnt INT)
/// with an index on (ts, id). Rows are generated from their id (labels with commas, quotes, line breaks, empty strings,
/// NULLs and non-ASCII text) and read back in a canonical text form to compare with the offline files.
/// </summary>
internal sealed class OnlineTable
{
    private long _nextId;

    private OnlineTable(MariaDbServer server, string database, string name)
    {
        Server = server;
        Database = database;
        Name = name;
        ConnectionString = server.ConnectionStringFor(database);
    }

    public MariaDbServer Server { get; }
    public string Database { get; }
    public string Name { get; }
    public string ConnectionString { get; }
    public string QualifiedName => $"{Database}.{Name}";

    public static async Task<OnlineTable> CreateAsync(string name = "features")
    {
        var server = await MariaDbServer.GetAsync();
        var db = await server.CreateDatabaseAsync("fs");
        var table = new OnlineTable(server, db, name);
        await table.ExecAsync($"""
            CREATE TABLE `{name}` (
              id BIGINT NOT NULL PRIMARY KEY,
              ts DATETIME(6) NOT NULL,
              score DOUBLE NULL,
              label VARCHAR(64) NULL,
              cnt INT NULL,
              KEY ix_ts_id (ts, id)
            ) ENGINE=InnoDB
            """);
        return table;
    }

    public async Task ExecAsync(string sql)
    {
        await using var conn = new MySqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new MySqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Inserts rows stamped with the server clock (NOW(6)), as an application writing features does.</summary>
    public Task InsertNowAsync(int count) => InsertAsync(count, _ => "NOW(6)");

    /// <summary>Inserts rows with timestamps from <paramref name="from"/> on, one every <paramref name="step"/>.</summary>
    public Task InsertHistoryAsync(int count, DateTime from, TimeSpan step) =>
        InsertAsync(count, i => "'" + (from + step * i).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "'");

    /// <summary>Inserts <paramref name="count"/> rows, the i-th stamped <paramref name="ts"/>(i).</summary>
    public Task InsertAtAsync(int count, Func<int, DateTime> ts) =>
        InsertAsync(count, i => "'" + ts(i).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "'");

    private async Task InsertAsync(int count, Func<int, string> tsSql)
    {
        await using var conn = new MySqlConnection(ConnectionString);
        await conn.OpenAsync();
        for (int start = 0; start < count; start += 500)
        {
            var sql = new StringBuilder($"INSERT INTO `{Name}` (id, ts, score, label, cnt) VALUES ");
            await using var cmd = new MySqlCommand { Connection = conn };
            int n = Math.Min(500, count - start);
            for (int i = 0; i < n; i++)
            {
                long id = Interlocked.Increment(ref _nextId);
                if (i > 0) sql.Append(',');
                sql.Append(CultureInfo.InvariantCulture, $"({id}, {tsSql(start + i)}, @s{i}, @l{i}, @c{i})");
                cmd.Parameters.AddWithValue($"@s{i}", Score(id));
                cmd.Parameters.AddWithValue($"@l{i}", Label(id));
                cmd.Parameters.AddWithValue($"@c{i}", Count(id));
            }
            cmd.CommandText = sql.ToString();
            await cmd.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Inserts about <paramref name="rowsPerSecond"/> rows a second stamped NOW(6) until the returned handle is stopped.</summary>
    public ConcurrentInserter StartInserting(int rowsPerSecond) => new(this, rowsPerSecond);

    public async Task<int> DeleteAsync(string where)
    {
        await using var conn = new MySqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new MySqlCommand($"DELETE FROM `{Name}` WHERE {where}", conn);
        return await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Every row (with ts at or after <paramref name="from"/> when given) in canonical form.</summary>
    public async Task<List<string>> SnapshotAsync(DateTime? from = null)
    {
        await using var conn = new MySqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new MySqlCommand($"SELECT id, ts, score, label, cnt FROM `{Name}` WHERE (@from IS NULL OR ts >= @from)", conn);
        cmd.Parameters.AddWithValue("@from", from);
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await r.ReadAsync())
        {
            rows.Add(Canonical(r.GetInt64(0), r.GetDateTime(1), r.IsDBNull(2) ? null : r.GetDouble(2),
                r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetInt32(4)));
        }
        return rows;
    }

    public static string Canonical(long id, DateTime ts, double? score, string? label, int? cnt) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{id}|{ts:yyyy-MM-dd HH:mm:ss.ffffff}|{(score is { } s ? s.ToString("R", CultureInfo.InvariantCulture) : "\\N")}|{label ?? "\\N"}|{(cnt is { } c ? c.ToString(CultureInfo.InvariantCulture) : "\\N")}");

    private static double? Score(long id) => id % 7 == 0 ? null : id * 0.1 + 0.123456789;

    private static string? Label(long id) => (id % 8) switch
    {
        0 => null,
        1 => "",
        2 => $"plain{id}",
        3 => $"with,comma {id}",
        4 => $"with \"quote\" {id}",
        5 => $"line\nbreak {id}",
        6 => $"ünïcodé ✓ {id}",
        _ => $"v{id}",
    };

    private static int? Count(long id) => id % 5 == 0 ? null : (int)(id % 1000);
}
