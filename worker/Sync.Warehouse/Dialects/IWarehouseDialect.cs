namespace Sync.Warehouse.Dialects;

/// <summary>
/// The SQL a warehouse speaks for everything the loader issues: identifiers, column types, CREATE/DROP, the swap of a
/// staging table into place and the text format of LOAD DATA. Shared code never writes dialect-specific SQL itself.
/// </summary>
public interface IWarehouseDialect
{
    /// <summary>Short name used in configuration: "mysql" or "analyticdb".</summary>
    string Name { get; }

    /// <summary>Digits kept after the seconds of a DATETIME value (6 on MySQL/MariaDB, 3 on AnalyticDB); more are truncated.</summary>
    int TimestampFractionDigits { get; }

    /// <summary>True when one statement renames the target away and the staging table in (MySQL's multi-table RENAME).</summary>
    bool HasAtomicSwap { get; }

    /// <summary>Throws <see cref="WarehouseSchemaException"/> naming the identifier and the rule it breaks.</summary>
    void ValidateIdentifier(string name, string what);

    /// <summary>The validated identifier in backquotes.</summary>
    string Quote(string name);

    /// <summary>The DDL type of a column; key columns get types that can be indexed.</summary>
    string ColumnType(WarehouseColumnType type, bool inKey);

    string CreateTable(WarehouseTableDefinition table);

    string DropTable(string table);

    /// <summary>Renames one table.</summary>
    string RenameTable(string from, string to);

    /// <summary>
    /// The statements that move <paramref name="target"/> to <paramref name="backup"/> and <paramref name="staging"/> to
    /// <paramref name="target"/>, in order. One statement when <see cref="HasAtomicSwap"/>; otherwise two, each of which
    /// the caller can detect as done by which tables exist.
    /// </summary>
    IReadOnlyList<string> SwapStatements(string target, string staging, string backup);
}
