using MySqlConnector;

namespace Sync.FeatureSync.State;

/// <summary>Opens connections to the feature-sync state database, for every store that keeps tables there.</summary>
public static class StateConnections
{
    /// <summary>An open connection; disposed again when opening fails, so a refused server leaks nothing.</summary>
    public static async Task<MySqlConnection> OpenAsync(string connectionString, CancellationToken ct)
    {
        var conn = new MySqlConnection(connectionString);
        try
        {
            await conn.OpenAsync(ct).ConfigureAwait(false);
            return conn;
        }
        catch
        {
            await conn.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
