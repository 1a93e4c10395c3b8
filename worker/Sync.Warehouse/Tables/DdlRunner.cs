using MySqlConnector;

namespace Sync.Warehouse.Tables;

/// <summary>
/// Runs the DDL and catalog statements of the start and finish steps on one connection, numbering them so a caller can
/// observe (or, in fault tests, interrupt) the sequence after any statement.
/// </summary>
public sealed class DdlRunner
{
    private readonly MySqlConnection _connection;
    private readonly Action<int, string>? _afterStatement;

    /// <param name="connection">An open connection; the caller owns it.</param>
    /// <param name="afterStatement">Called with the 1-based number and text of each statement that changed something, after it succeeded.</param>
    /// <param name="commandTimeoutSeconds">Per-statement timeout.</param>
    public DdlRunner(MySqlConnection connection, Action<int, string>? afterStatement = null, int commandTimeoutSeconds = 300)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _afterStatement = afterStatement;
        CommandTimeoutSeconds = commandTimeoutSeconds;
    }

    public MySqlConnection Connection => _connection;

    public int CommandTimeoutSeconds { get; }

    /// <summary>Statements executed through <see cref="ExecuteAsync"/> so far.</summary>
    public int StatementsRun { get; private set; }

    /// <summary>Runs one statement that changes the database (DDL), then calls the observer.</summary>
    public async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using (var command = new MySqlCommand(sql, _connection) { CommandTimeout = CommandTimeoutSeconds })
        {
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        StatementsRun++;
        _afterStatement?.Invoke(StatementsRun, sql);
    }

    /// <summary>Runs a query returning one value (not counted as a statement).</summary>
    public async Task<object?> ScalarAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = new MySqlCommand(sql, _connection) { CommandTimeout = CommandTimeoutSeconds };
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        var value1 = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return value1 is DBNull ? null : value1;
    }

    /// <summary>Runs a query and maps each row (not counted as a statement).</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Func<MySqlDataReader, T> map, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = new MySqlCommand(sql, _connection) { CommandTimeout = CommandTimeoutSeconds };
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) rows.Add(map(reader));
        return rows;
    }
}
