using System.Globalization;
using System.Text;

namespace Sync.Warehouse.Dialects;

/// <summary>
/// AnalyticDB for MySQL 3.0: DISTRIBUTED BY HASH, PARTITION BY VALUE ... LIFECYCLE, unlength-ed VARCHAR and BINARY,
/// DATETIME with millisecond precision, JSON without DEFAULT, and no multi-table RENAME: the swap is two
/// <c>ALTER TABLE ... RENAME</c> statements, each detectable afterwards by which tables exist, so a finish killed between
/// them resumes. Names follow ADB's limits, and reserved words are refused even when quoted.
/// </summary>
public sealed class AnalyticDbDialect : IWarehouseDialect
{
    public static readonly AnalyticDbDialect Instance = new();

    /// <summary>Reserved words refused as table or column names (ADB rejects reserved words as names).</summary>
    public static readonly IReadOnlySet<string> ReservedWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "add", "all", "alter", "and", "as", "asc", "between", "by", "case", "check", "column", "constraint", "create",
        "cross", "database", "default", "delete", "desc", "distinct", "distributed", "drop", "else", "end", "exists",
        "false", "from", "full", "group", "having", "in", "index", "inner", "insert", "interval", "into", "is", "join",
        "key", "left", "lifecycle", "like", "limit", "not", "null", "on", "or", "order", "outer", "partition", "primary",
        "range", "references", "rename", "right", "select", "set", "table", "then", "to", "true", "union", "unique",
        "update", "using", "values", "when", "where", "with",
    };

    public string Name => "analyticdb";

    public int TimestampFractionDigits => 3;

    public bool HasAtomicSwap => false;

    public void ValidateIdentifier(string name, string what) => WarehouseIdentifiers.Validate(name, what, ReservedWords);

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
            WarehouseTypeKind.String => "VARCHAR",
            WarehouseTypeKind.Binary => "BINARY",
            WarehouseTypeKind.Date => "DATE",
            WarehouseTypeKind.DateTime => "DATETIME",
            WarehouseTypeKind.Json => "JSON",
            _ => throw new WarehouseSchemaException($"type {type.Kind} has no AnalyticDB rendering"),
        };
    }

    public string CreateTable(WarehouseTableDefinition table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.PrimaryKey.Count == 0)
        {
            throw new WarehouseSchemaException($"table '{table.Name}': AnalyticDB tables loaded by retryable batches need a primary key");
        }
        var distribution = table.DistributionKey.Count > 0 ? table.DistributionKey : table.PrimaryKey;
        var keyMissing = distribution.Concat(table.PartitionColumn is { } p ? [p] : Array.Empty<string>())
            .Where(c => !table.PrimaryKey.Contains(c)).Distinct().ToList();
        if (keyMissing.Count > 0)
        {
            throw new WarehouseSchemaException(
                $"table '{table.Name}': AnalyticDB needs the primary key to contain the distribution key and the partition column; missing {string.Join(", ", keyMissing.Select(c => $"'{c}'"))}",
                keyMissing);
        }
        if (table.PartitionColumn != null && table.Lifecycle is not > 0)
        {
            throw new WarehouseSchemaException(
                $"table '{table.Name}': PARTITION BY VALUE needs a LIFECYCLE of at least the number of partitions kept (option 'lifecycle')");
        }

        var sql = new StringBuilder();
        DdlWriter.AppendColumnsAndKey(sql, this, table);
        sql.Append("\nDISTRIBUTED BY HASH(").Append(DdlWriter.QuoteList(this, distribution)).Append(')');
        if (table.PartitionColumn != null)
        {
            var expression = table.PartitionExpression ?? Quote(table.PartitionColumn);
            sql.Append("\nPARTITION BY VALUE(").Append(expression).Append(')')
               .Append(CultureInfo.InvariantCulture, $" LIFECYCLE {table.Lifecycle}");
        }
        if (table.Comment != null) sql.Append("\nCOMMENT ").Append(DdlWriter.StringLiteral(table.Comment));
        return sql.ToString();
    }

    public string DropTable(string table) => "DROP TABLE " + Quote(table);

    public string RenameTable(string from, string to) => $"ALTER TABLE {Quote(from)} RENAME {Quote(to)}";

    public IReadOnlyList<string> SwapStatements(string target, string staging, string backup) =>
        [RenameTable(target, backup), RenameTable(staging, target)];
}
