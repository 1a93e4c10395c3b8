using System.Globalization;
using MySqlConnector;
using Sync.Testing;

namespace Sync.Orchestrator.Tests.EndToEnd;

/// <summary>
/// An online feature table <c>features (id, ts, v)</c> in its own MariaDB database, for feature-sync runs through the
/// orchestrator, and the ids its CSV offline files hold.
/// </summary>
internal sealed class OnlineFeatureTable
{
    private long _nextId;

    private OnlineFeatureTable(MariaDbServer server, string database)
    {
        Server = server;
        Database = database;
    }

    public MariaDbServer Server { get; }
    public string Database { get; }
    public string ConnectionString => Server.ConnectionStringFor(Database);
    public string QualifiedName => Database + ".features";

    public static async Task<OnlineFeatureTable> CreateAsync(string prefix)
    {
        var server = await MariaDbServer.GetAsync();
        var table = new OnlineFeatureTable(server, await server.CreateDatabaseAsync(prefix));
        await using var conn = new MySqlConnection(table.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new MySqlCommand(
            "CREATE TABLE features (id BIGINT NOT NULL PRIMARY KEY, ts DATETIME(6) NOT NULL, v INT NOT NULL, KEY ix_ts_id (ts, id)) ENGINE=InnoDB", conn);
        await cmd.ExecuteNonQueryAsync();
        return table;
    }

    /// <summary>Inserts the next ids, stamped a minute ago (settled at once); returns the highest id, which is also the row count.</summary>
    public async Task<long> InsertAsync(int count)
    {
        await using var conn = new MySqlConnection(ConnectionString);
        await conn.OpenAsync();
        for (int start = 0; start < count; start += 500)
        {
            var values = Enumerable.Range(0, Math.Min(500, count - start))
                .Select(_ => string.Create(CultureInfo.InvariantCulture, $"({++_nextId}, NOW(6) - INTERVAL 1 MINUTE, {_nextId % 97})"));
            await using var cmd = new MySqlCommand($"INSERT INTO features (id, ts, v) VALUES {string.Join(",", values)}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        return _nextId;
    }

    /// <summary>The id of every row of every CSV file under <paramref name="root"/> (duplicates kept).</summary>
    public static List<long> OfflineIds(string root)
    {
        var ids = new List<long>();
        if (!Directory.Exists(root)) return ids;
        foreach (var file in Directory.EnumerateFiles(root, "*.csv", SearchOption.AllDirectories))
        {
            var lines = File.ReadAllText(file).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            ids.AddRange(lines.Skip(1).Select(l => long.Parse(l[..l.IndexOf(',', StringComparison.Ordinal)], CultureInfo.InvariantCulture)));
        }
        return ids;
    }
}
