namespace Sync.Warehouse.Tables;

/// <summary>
/// Decides whether an existing table's columns can be filled from the source's columns: each target column needs a
/// source column of the same name whose type family the target type can hold without the server changing values.
/// </summary>
public static class ColumnCompatibility
{
    private static readonly HashSet<string> Numeric = ["tinyint", "smallint", "mediumint", "int", "integer", "bigint", "decimal", "numeric", "float", "double", "real", "bit", "boolean"];
    private static readonly HashSet<string> Text = ["char", "varchar", "tinytext", "text", "mediumtext", "longtext", "string", "enum", "set"];
    private static readonly HashSet<string> Binary = ["binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob"];
    private static readonly HashSet<string> DateTimes = ["datetime", "timestamp"];

    /// <summary>Every mismatch as a sentence naming the column and both types; empty when the load can proceed.</summary>
    /// <param name="table">Target table name, for the messages.</param>
    /// <param name="target">The target's columns.</param>
    /// <param name="source">Source columns by name (data columns plus partition and surrogate-key columns).</param>
    public static IReadOnlyList<string> Mismatches(string table, IReadOnlyList<TargetColumn> target, IReadOnlyDictionary<string, WarehouseColumnType> source)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        var problems = new List<string>();
        foreach (var column in target)
        {
            if (!source.TryGetValue(column.Name, out var type))
            {
                problems.Add($"table '{table}' column '{column.Name}' ({column.ColumnType}) has no source column of that name");
                continue;
            }
            if (!CanHold(column.DataType, type.Kind))
            {
                problems.Add($"table '{table}' column '{column.Name}' ({column.ColumnType}) cannot hold source type {Describe(type)}");
            }
        }
        return problems;
    }

    private static bool CanHold(string dataType, WarehouseTypeKind source)
    {
        if (Numeric.Contains(dataType))
        {
            return source is WarehouseTypeKind.Boolean or WarehouseTypeKind.TinyInt or WarehouseTypeKind.SmallInt or WarehouseTypeKind.Int
                or WarehouseTypeKind.BigInt or WarehouseTypeKind.Float or WarehouseTypeKind.Double or WarehouseTypeKind.Decimal;
        }
        if (Text.Contains(dataType)) return source != WarehouseTypeKind.Binary;
        if (dataType == "json") return source is WarehouseTypeKind.Json or WarehouseTypeKind.String;
        if (Binary.Contains(dataType)) return source is WarehouseTypeKind.Binary or WarehouseTypeKind.String;
        if (dataType == "date") return source == WarehouseTypeKind.Date;
        if (DateTimes.Contains(dataType)) return source is WarehouseTypeKind.DateTime or WarehouseTypeKind.Date;
        return false;
    }

    private static string Describe(WarehouseColumnType type) => type.Kind switch
    {
        WarehouseTypeKind.Decimal => $"decimal({type.Precision},{type.Scale})",
        WarehouseTypeKind.String when type.Length is { } n => $"varchar({n})",
        _ => type.Kind.ToString().ToLowerInvariant(),
    };
}
