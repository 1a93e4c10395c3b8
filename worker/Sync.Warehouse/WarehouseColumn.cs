namespace Sync.Warehouse;

/// <summary>One column of a table the loader creates.</summary>
/// <param name="Name">Column name; validated by the dialect when rendered.</param>
/// <param name="Type">Portable type.</param>
/// <param name="Nullable">False for key and partition columns.</param>
public sealed record WarehouseColumn(string Name, WarehouseColumnType Type, bool Nullable = true);
