namespace Sync.Warehouse.Dialects;

/// <summary>Picks a dialect by its configured name.</summary>
public static class WarehouseDialects
{
    public static IWarehouseDialect ForName(string? name) => (name ?? "mysql").Trim().ToLowerInvariant() switch
    {
        "mysql" or "mariadb" => MySqlDialect.Instance,
        "analyticdb" or "adb" => AnalyticDbDialect.Instance,
        var other => throw new WarehouseSchemaException($"unknown warehouse dialect '{other}': use 'mysql' or 'analyticdb'"),
    };
}
