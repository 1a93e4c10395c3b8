namespace Sync.Warehouse.Loading;

/// <summary>Settings of a <see cref="WarehouseLoader"/>.</summary>
public sealed record WarehouseLoaderOptions
{
    /// <summary>4 MiB: well under the 16 MB statement limit of AnalyticDB and MariaDB's default max_allowed_packet.</summary>
    public const int DefaultMaxStatementBytes = 4 * 1024 * 1024;

    /// <summary>Rows per statement at most; AnalyticDB recommends more than 1,000.</summary>
    public const int DefaultMaxStatementRows = 20_000;

    /// <summary>The faster path on MariaDB (see the load benchmark); also ADB's documented bulk path.</summary>
    public const WriteMode DefaultWriteMode = WriteMode.LoadData;

    public WriteMode WriteMode { get; init; } = DefaultWriteMode;

    /// <summary>Cap on one INSERT statement or one LOAD DATA chunk, in UTF-8 bytes (a single larger row is sent alone).</summary>
    public int MaxStatementBytes { get; init; } = DefaultMaxStatementBytes;

    public int MaxStatementRows { get; init; } = DefaultMaxStatementRows;

    /// <summary>Seconds one statement may run before the server call is abandoned.</summary>
    public int CommandTimeoutSeconds { get; init; } = 600;

    /// <summary>Parses the TableSyncSpec write mode: "insert", "load-data" or "default".</summary>
    public static WriteMode ParseWriteMode(string? value) => (value ?? "default").Trim().ToLowerInvariant() switch
    {
        "insert" => WriteMode.Insert,
        "load-data" => WriteMode.LoadData,
        "default" or "" => DefaultWriteMode,
        var other => throw new ArgumentException($"write mode '{other}' is not one of insert, load-data, default", nameof(value)),
    };

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad setting.</summary>
    public WarehouseLoaderOptions Validate()
    {
        if (MaxStatementBytes is < 1024 or > 15 * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxStatementBytes), MaxStatementBytes, "must be between 1 KiB and 15 MiB");
        }
        if (MaxStatementRows < 1) throw new ArgumentOutOfRangeException(nameof(MaxStatementRows), MaxStatementRows, "must be at least 1");
        if (CommandTimeoutSeconds < 1) throw new ArgumentOutOfRangeException(nameof(CommandTimeoutSeconds), CommandTimeoutSeconds, "must be at least 1");
        return this;
    }
}
