using MySqlConnector;
using Sync.Testing;

namespace Sync.Warehouse.Tests;

/// <summary>A fresh MariaDB database per test and small query helpers.</summary>
internal sealed class WarehouseDb : IAsyncDisposable
{
    private WarehouseDb(MySqlConnection connection, string database, string connectionString)
    {
        Connection = connection;
        Database = database;
        ConnectionString = connectionString;
    }

    public MySqlConnection Connection { get; }
    public string Database { get; }
    public string ConnectionString { get; }

    public static async Task<WarehouseDb> CreateAsync()
    {
        var server = await MariaDbServer.GetAsync();
        var db = await server.CreateDatabaseAsync("wh");
        var cs = server.ConnectionStringFor(db);
        var conn = new MySqlConnection(cs);
        await conn.OpenAsync();
        return new WarehouseDb(conn, db, cs);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var cmd = new MySqlCommand(sql, Connection);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<long> CountAsync(string table)
    {
        await using var cmd = new MySqlCommand($"SELECT COUNT(*) FROM `{table}`", Connection);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    /// <summary>Every row of a query, each value as the server returns it (DBNull for NULL).</summary>
    public async Task<List<object[]>> RowsAsync(string sql)
    {
        await using var cmd = new MySqlCommand(sql, Connection);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            rows.Add(values);
        }
        return rows;
    }

    public async Task<List<string>> TablesAsync()
    {
        var rows = await RowsAsync($"SELECT table_name FROM information_schema.tables WHERE table_schema = '{Database}' ORDER BY table_name");
        return rows.Select(r => (string)r[0]).ToList();
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
