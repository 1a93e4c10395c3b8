namespace Sync.Warehouse.Tables;

/// <summary>A column of an existing table, as information_schema describes it.</summary>
/// <param name="Name">Column name.</param>
/// <param name="DataType">information_schema DATA_TYPE, lowercase (e.g. "bigint", "varchar", "longtext").</param>
/// <param name="ColumnType">Full type (e.g. "varchar(20)", "decimal(10,2)").</param>
/// <param name="Nullable">Whether NULL is allowed.</param>
/// <param name="HasDefault">Whether the column has a default value (so it may be left out of a load).</param>
public sealed record TargetColumn(string Name, string DataType, string ColumnType, bool Nullable, bool HasDefault);
