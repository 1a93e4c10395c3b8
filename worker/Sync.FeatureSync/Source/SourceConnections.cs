using MySqlConnector;

namespace Sync.FeatureSync.Source;

/// <summary>Connection settings for reading the online table.</summary>
internal static class SourceConnections
{
    /// <summary>
    /// The connection string the sync reads the source with. <c>CancellationTimeout=-1</c>: a read that gets nothing
    /// for the command timeout has its socket closed at once (the read fails and the partition retries on a new
    /// connection) instead of first sending KILL QUERY over another connection, which a silent network would swallow
    /// too. MySqlConnector then re-arms one timer per row read instead of two, a visible share of a row's cost.
    /// </summary>
    public static string ForReading(string connectionString) =>
        new MySqlConnectionStringBuilder(connectionString) { CancellationTimeout = -1 }.ConnectionString;
}
