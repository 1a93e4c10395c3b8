using System.Globalization;
using System.Text;

namespace Sync.Warehouse.Dialects;

/// <summary>
/// MySQL / MariaDB: InnoDB tables in utf8mb4_bin (case-sensitive like AnalyticDB data), DATETIME(6), LONGTEXT/LONGBLOB
/// for unbounded values, and one atomic multi-table RENAME for the swap.
/// </summary>
public sealed class MySqlDialect : IWarehouseDialect
{
    /// <summary>Length given to unbounded strings and binaries that are part of a key (InnoDB cannot index LONGTEXT).</summary>
    public const int KeyStringLength = 255;

    public static readonly MySqlDialect Instance = new();

    public string Name => "mysql";

    public int TimestampFractionDigits => 6;

    public bool HasAtomicSwap => true;

    public void ValidateIdentifier(string name, string what) => WarehouseIdentifiers.Validate(name, what);

    public string Quote(string name)
    {
        ValidateIdentifier(name, "identifier");
        return "`" + name + "`";
    }

    public string ColumnType(WarehouseColumnType type, bool inKey)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Kind switch
        {
            WarehouseTypeKind.Boolean => "BOOLEAN",
            WarehouseTypeKind.TinyInt => "TINYINT",
            WarehouseTypeKind.SmallInt => "SMALLINT",
            WarehouseTypeKind.Int => "INT",
            WarehouseTypeKind.BigInt => "BIGINT",
            WarehouseTypeKind.Float => "FLOAT",
            WarehouseTypeKind.Double => "DOUBLE",
            WarehouseTypeKind.Decimal => string.Create(CultureInfo.InvariantCulture, $"DECIMAL({type.Precision},{type.Scale})"),
            WarehouseTypeKind.String when type.Length is { } n => string.Create(CultureInfo.InvariantCulture, $"VARCHAR({n})"),
            WarehouseTypeKind.String => inKey ? $"VARCHAR({KeyStringLength})" : "LONGTEXT",
            WarehouseTypeKind.Binary => inKey ? $"VARBINARY({KeyStringLength})" : "LONGBLOB",
            WarehouseTypeKind.Date => "DATE",
            WarehouseTypeKind.DateTime => "DATETIME(6)",
            WarehouseTypeKind.Json => "JSON",
            _ => throw new WarehouseSchemaException($"type {type.Kind} has no MySQL rendering"),
        };
    }

    public string CreateTable(WarehouseTableDefinition table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var sql = new StringBuilder();
        DdlWriter.AppendColumnsAndKey(sql, this, table);
        sql.Append(" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
        if (table.Comment != null) sql.Append(" COMMENT=").Append(DdlWriter.StringLiteral(table.Comment));
        return sql.ToString();
    }

    public string DropTable(string table) => "DROP TABLE " + Quote(table);

    public string RenameTable(string from, string to) => $"RENAME TABLE {Quote(from)} TO {Quote(to)}";

    public IReadOnlyList<string> SwapStatements(string target, string staging, string backup) =>
        [$"RENAME TABLE {Quote(target)} TO {Quote(backup)}, {Quote(staging)} TO {Quote(target)}"];
}
