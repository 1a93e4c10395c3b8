using MySqlConnector;
using Sync.Testing;

namespace Sync.Warehouse.Tests;

public class MariaDbServerFacts
{
    [MariaDbFact]
    public async Task Server_IsConfiguredLikeAnalyticDb_WhenStarted()
    {
        var server = await MariaDbServer.GetAsync();
        var db = await server.CreateDatabaseAsync("fixture");
        await using var conn = new MySqlConnection(server.ConnectionStringFor(db));
        await conn.OpenAsync();
        await using var cmd = new MySqlCommand("SELECT @@collation_database, @@max_allowed_packet, @@local_infile", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("utf8mb4_bin", reader.GetString(0));
        Assert.Equal(16L * 1024 * 1024, reader.GetInt64(1));
        Assert.Equal(1L, Convert.ToInt64(reader.GetValue(2)));
    }
}
