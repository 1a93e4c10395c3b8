namespace Sync.Warehouse.Loading;

/// <summary>Settings of a <see cref="WarehouseLoader"/>.</summary>
public sealed record WarehouseLoaderOptions
{
    /// <summary>
    /// 1 MiB: well under the 16 MB statement limit of AnalyticDB and MariaDB's default max_allowed_packet, and still
    /// thousands of rows per INSERT (AnalyticDB recommends more than 1,000). Each statement lives as its text, a UTF-16
    /// string and the driver's UTF-8 copy at once, twice over while the next is built; at 4 MiB the insert path's peak
    /// RSS in the load benchmark was 321–349 MB, at 1 MiB 287 MB, at the same rows/s.
    /// </summary>
    public const int DefaultMaxStatementBytes = 1024 * 1024;

    /// <summary>Rows per INSERT statement at most; AnalyticDB recommends more than 1,000.</summary>
    public const int DefaultMaxStatementRows = 20_000;

    /// <summary>
    /// 256 MiB of delimited text per LOAD DATA statement (about 1.5 million rows of the benchmark's shape): large enough
    /// that a batch's first statement fills an empty staging table in one go (MariaDB's bulk-insert path) and statement
    /// overhead vanishes, small enough that one statement stays well inside the command timeout.
    /// </summary>
    public const long DefaultMaxLoadDataBytes = 256L * 1024 * 1024;

    /// <summary>The faster path on MariaDB (see the load benchmark); also ADB's documented bulk path.</summary>
    public const WriteMode DefaultWriteMode = WriteMode.LoadData;

    public WriteMode WriteMode { get; init; } = DefaultWriteMode;

    /// <summary>Cap on one INSERT statement, in UTF-8 bytes (a single larger row is sent alone).</summary>
    public int MaxStatementBytes { get; init; } = DefaultMaxStatementBytes;

    /// <summary>Cap on one INSERT statement's rows.</summary>
    public int MaxStatementRows { get; init; } = DefaultMaxStatementRows;

    /// <summary>
    /// Bytes streamed by one LOAD DATA statement before the next one starts (the row that crosses it ends the statement).
    /// The rows are streamed, not held, so this bounds statement length, not memory.
    /// </summary>
    public long MaxLoadDataBytes { get; init; } = DefaultMaxLoadDataBytes;

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
        if (MaxLoadDataBytes < 1024) throw new ArgumentOutOfRangeException(nameof(MaxLoadDataBytes), MaxLoadDataBytes, "must be at least 1 KiB");
        if (MaxStatementRows < 1) throw new ArgumentOutOfRangeException(nameof(MaxStatementRows), MaxStatementRows, "must be at least 1");
        if (CommandTimeoutSeconds < 1) throw new ArgumentOutOfRangeException(nameof(CommandTimeoutSeconds), CommandTimeoutSeconds, "must be at least 1");
        return this;
    }
}
