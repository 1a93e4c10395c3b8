using System.Globalization;
using System.Text.RegularExpressions;
using Sync.Warehouse.Dialects;

namespace Sync.Warehouse.Tables;

/// <summary>
/// What the steps ask the warehouse about its tables, in the portable subset: information_schema lookups in the current
/// database, SHOW CREATE TABLE, COUNT(*).
/// </summary>
public sealed partial class WarehouseCatalog
{
    private readonly DdlRunner _runner;
    private readonly IWarehouseDialect _dialect;

    public WarehouseCatalog(DdlRunner runner, IWarehouseDialect dialect)
    {
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _dialect = dialect ?? throw new ArgumentNullException(nameof(dialect));
    }

    public async Task<bool> TableExistsAsync(string table, CancellationToken ct)
    {
        var count = await _runner.ScalarAsync(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = @t", ct, ("@t", table)).ConfigureAwait(false);
        return Convert.ToInt64(count, CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Tables of the current database whose names start with <paramref name="prefix"/> (matched literally).</summary>
    public async Task<IReadOnlyList<string>> TablesStartingWithAsync(string prefix, CancellationToken ct)
    {
        var names = await _runner.QueryAsync(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND LEFT(table_name, CHAR_LENGTH(@p)) = @p",
            r => r.GetString(0), ct, ("@p", prefix)).ConfigureAwait(false);
        return names;
    }

    public async Task<IReadOnlyList<TargetColumn>> ColumnsAsync(string table, CancellationToken ct) =>
        await _runner.QueryAsync(
            "SELECT column_name, LOWER(data_type), LOWER(column_type), is_nullable, column_default IS NOT NULL FROM information_schema.columns " +
            "WHERE table_schema = DATABASE() AND table_name = @t ORDER BY ordinal_position",
            r => new TargetColumn(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3) == "YES", Convert.ToInt64(r.GetValue(4), CultureInfo.InvariantCulture) != 0),
            ct, ("@t", table)).ConfigureAwait(false);

    /// <summary>The primary key columns of a table, in key order.</summary>
    public async Task<IReadOnlyList<string>> PrimaryKeyAsync(string table, CancellationToken ct) =>
        await _runner.QueryAsync(
            "SELECT column_name FROM information_schema.key_column_usage WHERE table_schema = DATABASE() AND table_name = @t " +
            "AND constraint_name = 'PRIMARY' ORDER BY ordinal_position",
            r => r.GetString(0), ct, ("@t", table)).ConfigureAwait(false);

    public async Task<string> ShowCreateTableAsync(string table, CancellationToken ct)
    {
        var rows = await _runner.QueryAsync("SHOW CREATE TABLE " + _dialect.Quote(table), r => r.GetString(1), ct).ConfigureAwait(false);
        return rows.Count == 1 ? rows[0] : throw new InvalidOperationException($"SHOW CREATE TABLE {table} returned {rows.Count} rows");
    }

    /// <summary>
    /// The CREATE TABLE statement of <paramref name="source"/> with the table renamed to <paramref name="newName"/>, so the
    /// copy keeps every column, key, distribution and partition setting (AnalyticDB's CREATE TABLE LIKE is not
    /// known to keep them).
    /// </summary>
    public async Task<string> CreateStatementCopyingAsync(string source, string newName, CancellationToken ct)
    {
        var ddl = await ShowCreateTableAsync(source, ct).ConfigureAwait(false);
        var match = CreateHead().Match(ddl);
        if (!match.Success) throw new InvalidOperationException($"cannot read the table name in SHOW CREATE TABLE {source}: {ddl[..Math.Min(80, ddl.Length)]}");
        return string.Concat("CREATE TABLE ", _dialect.Quote(newName), ddl.AsSpan(match.Length));
    }

    public async Task<long> CountRowsAsync(string table, CancellationToken ct) =>
        Convert.ToInt64(await _runner.ScalarAsync("SELECT COUNT(*) FROM " + _dialect.Quote(table), ct).ConfigureAwait(false), CultureInfo.InvariantCulture);

    /// <summary>Row counts per value of one column (e.g. the surrogate key's source id).</summary>
    public async Task<IReadOnlyDictionary<long, long>> CountRowsByAsync(string table, string column, CancellationToken ct)
    {
        var rows = await _runner.QueryAsync(
            $"SELECT {_dialect.Quote(column)}, COUNT(*) FROM {_dialect.Quote(table)} GROUP BY {_dialect.Quote(column)}",
            r => (r.GetInt64(0), r.GetInt64(1)), ct).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Item1, r => r.Item2);
    }

    [GeneratedRegex(@"^\s*CREATE\s+TABLE\s+(?:`[^`]+`\.)?`[^`]+`", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CreateHead();
}
