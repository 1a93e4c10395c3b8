using Sync.Tasks;

namespace Sync.Dags;

/// <summary>
/// One table of a table-sync DAG. At run time it expands to <c>&lt;id&gt;.plan</c> → <c>&lt;id&gt;.start</c> →
/// <c>&lt;id&gt;.batch_1..n</c> → <c>&lt;id&gt;.finish</c>.
/// </summary>
public sealed record TableDefinition
{
    /// <summary>Prefix of the table's task ids; defaults to the target table name.</summary>
    public required string Id { get; init; }

    /// <summary>Source prefix URI (file://, oss://, s3://), environment references already expanded.</summary>
    public required string Source { get; init; }

    public string? SourceConnection { get; init; }

    public required string TargetConnection { get; init; }
    public required string TargetDatabase { get; init; }
    public required string TargetTable { get; init; }

    public IReadOnlyList<string> PrimaryKey { get; init; } = [];
    public IReadOnlyList<string> DistributionKey { get; init; } = [];
    public IReadOnlyList<PartitionColumnSpec> PartitionColumns { get; init; } = [];

    public int BatchSizeMb { get; init; } = DefaultBatchSizeMb;
    public int MaxFilesPerBatch { get; init; } = DefaultMaxFilesPerBatch;
    public string WriteMode { get; init; } = "default";

    /// <summary>Batches of this table that may run at once within a run (0 = no cap beyond the pools).</summary>
    public int MaxParallelBatches { get; init; } = DefaultMaxParallelBatches;

    public int KeepBackups { get; init; } = 1;

    /// <summary>
    /// A source prefix without data files loads an empty table (the target's definition is kept) instead of failing
    /// the plan. Off by default: an empty listing is far more often a mistyped prefix than an empty table.
    /// </summary>
    public bool AllowEmptySource { get; init; }

    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>Tasks or tables that must finish before this table starts.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>The DAG's defaults with this table's overrides applied.</summary>
    public required TaskDefaults Execution { get; init; }

    public const int DefaultBatchSizeMb = 50;
    public const int DefaultMaxFilesPerBatch = 1000;
    public const int DefaultMaxParallelBatches = 4;

    public string PlanTaskId => Id + ".plan";
    public string StartTaskId => Id + ".start";
    public string FinishTaskId => Id + ".finish";
    public string BatchTaskId(int index) => $"{Id}.batch_{index}";
}
