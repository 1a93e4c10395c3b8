using MySqlConnector;

namespace Sync.FeatureSync.Source;

/// <summary>How the page readers read rows: cancellation once per query, and never a reader disposed with rows left.</summary>
internal static class RowReads
{
    /// <summary>
    /// Cancels <paramref name="command"/> (KILL QUERY) when <paramref name="ct"/> is cancelled, so rows can be read with
    /// <c>ReadAsync(CancellationToken.None)</c>: a token passed to every ReadAsync is registered and unregistered per row.
    /// A cancelled query ends the row loop with an error.
    /// </summary>
    public static CancellationTokenRegistration CancelOnToken(MySqlCommand command, CancellationToken ct) =>
        ct.UnsafeRegister(static c => ((MySqlCommand)c!).Cancel(), command);

    /// <summary>
    /// Reads past the rows a page does not want. Disposing a reader with rows left reads them without the command
    /// timeout, waiting for ever on a source gone silent; ReadAsync times out.
    /// </summary>
    public static async Task SkipRestAsync(MySqlDataReader reader)
    {
        while (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
        }
    }
}
