using System.Text;

namespace Sync.Warehouse.Dialects;

/// <summary>The parts of CREATE TABLE both dialects write the same way.</summary>
internal static class DdlWriter
{
    public static void AppendColumnsAndKey(StringBuilder sql, IWarehouseDialect dialect, WarehouseTableDefinition table)
    {
        if (table.Columns.Count == 0) throw new WarehouseSchemaException($"table '{table.Name}' has no columns");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in table.Columns)
        {
            dialect.ValidateIdentifier(column.Name, $"column of table '{table.Name}'");
            if (!names.Add(column.Name)) throw new WarehouseSchemaException($"table '{table.Name}' declares column '{column.Name}' twice", [column.Name]);
        }
        var missing = table.PrimaryKey.Concat(table.DistributionKey)
            .Concat(table.PartitionColumn is { } p ? [p] : Array.Empty<string>())
            .Where(k => !names.Contains(k)).Distinct().ToList();
        if (missing.Count > 0)
        {
            throw new WarehouseSchemaException(
                $"table '{table.Name}': key or partition column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))} are not among its columns", missing);
        }

        var key = new HashSet<string>(table.PrimaryKey, StringComparer.Ordinal);
        sql.Append("CREATE TABLE ").Append(dialect.Quote(table.Name)).Append(" (\n");
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var column = table.Columns[i];
            var inKey = key.Contains(column.Name) || table.DistributionKey.Contains(column.Name) || column.Name == table.PartitionColumn;
            sql.Append("  ").Append(dialect.Quote(column.Name)).Append(' ').Append(dialect.ColumnType(column.Type, inKey));
            sql.Append(column.Nullable && !inKey ? " NULL" : " NOT NULL");
            if (i < table.Columns.Count - 1 || table.PrimaryKey.Count > 0) sql.Append(',');
            sql.Append('\n');
        }
        if (table.PrimaryKey.Count > 0) sql.Append("  PRIMARY KEY (").Append(QuoteList(dialect, table.PrimaryKey)).Append(")\n");
        sql.Append(')');
    }

    public static string QuoteList(IWarehouseDialect dialect, IEnumerable<string> names) => string.Join(", ", names.Select(dialect.Quote));

    /// <summary>A single-quoted literal for DDL text (comments): quotes doubled, backslashes doubled.</summary>
    public static string StringLiteral(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";
}
