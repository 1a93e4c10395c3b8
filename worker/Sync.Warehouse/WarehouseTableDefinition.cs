namespace Sync.Warehouse;

/// <summary>
/// What CREATE TABLE needs: columns in order, the primary key and, for AnalyticDB, the distribution key,
/// the partition column and its lifecycle. MySQL/MariaDB ignore the distribution and partition settings.
/// </summary>
public sealed record WarehouseTableDefinition
{
    public required string Name { get; init; }
    public required IReadOnlyList<WarehouseColumn> Columns { get; init; }

    /// <summary>Primary key columns; empty means no key (the loader normally always sets one).</summary>
    public IReadOnlyList<string> PrimaryKey { get; init; } = [];

    /// <summary>AnalyticDB <c>DISTRIBUTED BY HASH(...)</c> columns; empty means the primary key.</summary>
    public IReadOnlyList<string> DistributionKey { get; init; } = [];

    /// <summary>AnalyticDB <c>PARTITION BY VALUE(...)</c> expression column, or null for no partitioning.</summary>
    public string? PartitionColumn { get; init; }

    /// <summary>AnalyticDB partition value expression, e.g. <c>DATE_FORMAT(dt, '%Y%m%d')</c>; null means the bare column.</summary>
    public string? PartitionExpression { get; init; }

    /// <summary>AnalyticDB <c>LIFECYCLE N</c>: how many partitions are kept; required with a partition column.</summary>
    public int? Lifecycle { get; init; }

    /// <summary>Table comment (both dialects).</summary>
    public string? Comment { get; init; }
}
