using System.Globalization;
using Sync.Tasks;
using Sync.Warehouse.Dialects;
using Sync.Warehouse.Loading;

namespace Sync.TableSync;

/// <summary>
/// A table's settings as the steps use them, read from <see cref="TableSyncSpec"/> and its free-form options:
/// <list type="bullet">
/// <item><c>dialect</c>: <c>mysql</c> (default) or <c>analyticdb</c>.</item>
/// <item><c>partition_column</c>: AnalyticDB <c>PARTITION BY VALUE</c> column (usually a Hive partition column).</item>
/// <item><c>partition_expression</c>: its expression, e.g. <c>DATE_FORMAT(`dt`, '%Y%m%d')</c>.</item>
/// <item><c>lifecycle</c>: AnalyticDB <c>LIFECYCLE N</c> (required with partition_column on AnalyticDB).</item>
/// <item><c>default_partition_value</c>: value written for <c>__HIVE_DEFAULT_PARTITION__</c> instead of NULL
/// (AnalyticDB key and partition columns cannot be NULL).</item>
/// </list>
/// </summary>
internal sealed record TableSettings
{
    public required TableSyncSpec Table { get; init; }
    public required IWarehouseDialect Dialect { get; init; }
    public required WriteMode WriteMode { get; init; }
    public string? PartitionColumn { get; init; }
    public string? PartitionExpression { get; init; }
    public int? Lifecycle { get; init; }
    public string? DefaultPartitionValue { get; init; }

    public static TableSettings From(TaskSpec spec)
    {
        var table = spec.Table ?? throw new TableSyncException($"task {spec.TaskId} ({spec.Kind}) has no 'table' section");
        var options = table.Options ?? new Dictionary<string, string>();
        string? Get(string key) => options.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        IWarehouseDialect dialect;
        WriteMode mode;
        try
        {
            dialect = WarehouseDialects.ForName(Get("dialect"));
            mode = WarehouseLoaderOptions.ParseWriteMode(table.WriteMode);
        }
        catch (Exception ex) when (ex is ArgumentException or Sync.Warehouse.WarehouseSchemaException)
        {
            throw new TableSyncException($"table {table.TargetDatabase}.{table.TargetTable}: {ex.Message}", ex);
        }
        int? lifecycle = null;
        if (Get("lifecycle") is { } text)
        {
            lifecycle = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new TableSyncException($"table {table.TargetTable}: option lifecycle '{text}' is not a positive whole number");
        }
        if (table.KeepBackups < 0) throw new TableSyncException($"table {table.TargetTable}: keepBackups {table.KeepBackups} is negative");
        if (table.TargetTable.Length + TableNames.StagingSuffixLength > Sync.Warehouse.Dialects.WarehouseIdentifiers.MaxLength)
        {
            throw new TableSyncException(
                $"table name '{table.TargetTable}' is too long: staging and backup names add {TableNames.StagingSuffixLength} characters to it and must stay within {WarehouseIdentifiers.MaxLength}");
        }
        try
        {
            dialect.ValidateIdentifier(table.TargetTable, "target table");
        }
        catch (Sync.Warehouse.WarehouseSchemaException ex)
        {
            throw new TableSyncException(ex.Message, ex);
        }
        return new TableSettings
        {
            Table = table,
            Dialect = dialect,
            WriteMode = mode,
            PartitionColumn = Get("partition_column"),
            PartitionExpression = Get("partition_expression"),
            Lifecycle = lifecycle,
            DefaultPartitionValue = Get("default_partition_value"),
        };
    }
}
