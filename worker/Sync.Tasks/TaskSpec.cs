using System.Text.Json.Serialization;

namespace Sync.Tasks;

/// <summary>
/// What one task attempt must do. The orchestrator writes it as JSON; the worker reads it with
/// <c>worker task run --spec FILE|-</c>. The same spec runs the same way in a local child process and in a pod.
/// Changes are additive; a breaking change bumps <see cref="CurrentVersion"/>.
/// </summary>
public sealed record TaskSpec
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>The step to run: one of <see cref="TaskKinds"/>.</summary>
    public required string Kind { get; init; }

    public required string DagId { get; init; }
    public required string RunId { get; init; }
    public required string TaskId { get; init; }
    public int Attempt { get; init; } = 1;

    /// <summary>For table-sync steps (start, batch, finish): the table being synced.</summary>
    public TableSyncSpec? Table { get; init; }

    /// <summary>For <see cref="TaskKinds.TableBatch"/>: the files of this batch.</summary>
    public BatchSpec? Batch { get; init; }

    /// <summary>For <see cref="TaskKinds.TableFinish"/>: every batch of the run, so finish can check counts.</summary>
    public IReadOnlyList<BatchSpec>? AllBatches { get; init; }

    /// <summary>For the orchestrator's plan step of a table: how to pack the listed files into batches.</summary>
    public PlanSpec? Plan { get; init; }

    /// <summary>For <see cref="TaskKinds.Command"/>: argv run by the worker (a plain DAG task).</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>For <see cref="TaskKinds.FeatureSync"/>: the feature-sync job (and partition) this long-lived attempt runs.</summary>
    public FeatureSyncSpec? FeatureSync { get; init; }

    /// <summary>Free-form parameters from a manual trigger, visible to the step.</summary>
    public IReadOnlyDictionary<string, string>? Params { get; init; }
}

/// <summary>The step kinds a worker knows.</summary>
public static class TaskKinds
{
    public const string TableStart = "table-start";
    public const string TableBatch = "table-batch";
    public const string TableFinish = "table-finish";
    public const string Command = "command";

    /// <summary>A long-lived feature-sync worker for one job (or one partition of it), started by the orchestrator's supervisor.</summary>
    public const string FeatureSync = "feature-sync";
}

/// <summary>One table of a table-sync DAG, as the steps need it. Connections are names, resolved by the worker.</summary>
public sealed record TableSyncSpec
{
    /// <summary>Source prefix URI: file:///..., oss://bucket/prefix, s3://bucket/prefix.</summary>
    public required string Source { get; init; }

    /// <summary>Name of the object-store connection for <see cref="Source"/> (null: defaults from environment).</summary>
    public string? SourceConnection { get; init; }

    /// <summary>Name of the warehouse connection (resolved by <see cref="ConnectionResolver"/>).</summary>
    public required string TargetConnection { get; init; }
    public required string TargetDatabase { get; init; }
    public required string TargetTable { get; init; }

    /// <summary>Business primary key columns; empty means the loader adds a surrogate key.</summary>
    public IReadOnlyList<string> PrimaryKey { get; init; } = [];
    public IReadOnlyList<string> DistributionKey { get; init; } = [];

    /// <summary>Hive partition columns parsed from key=value path segments, with their declared types.</summary>
    public IReadOnlyList<PartitionColumnSpec> PartitionColumns { get; init; } = [];

    /// <summary>"insert" (multi-row INSERT IGNORE) or "load-data" (LOAD DATA LOCAL INFILE restricted to ADB's grammar).</summary>
    public string WriteMode { get; init; } = "default";

    /// <summary>Number of backup tables finish keeps.</summary>
    public int KeepBackups { get; init; } = 1;

    /// <summary>Free-form dialect options (e.g. partition clause, lifecycle) passed to the DDL generator.</summary>
    public IReadOnlyDictionary<string, string>? Options { get; init; }
}

public sealed record PartitionColumnSpec
{
    public required string Name { get; init; }
    /// <summary>Hive type name: string, int, bigint, date, ...</summary>
    public string Type { get; init; } = "string";
}

/// <summary>How a table's source is packed into batches, frozen from the DAG when the run is created.</summary>
public sealed record PlanSpec
{
    /// <summary>The table's id in the DAG: the prefix of its task ids.</summary>
    public required string TableId { get; init; }
    public required long TargetBatchBytes { get; init; }
    public required int MaxFilesPerBatch { get; init; }
    /// <summary>Batches of the table that may run at once within the run (0 = only the pools cap them).</summary>
    public int MaxParallelBatches { get; init; }

    /// <summary>A prefix without data files plans zero batches (an empty table) instead of failing.</summary>
    public bool AllowEmptySource { get; init; }
}

/// <summary>One batch of files, as planned.</summary>
public sealed record BatchSpec
{
    /// <summary>1-based batch number; task id is batch_{Index}.</summary>
    public required int Index { get; init; }
    public required IReadOnlyList<BatchFile> Files { get; init; }

    [JsonIgnore]
    public long TotalBytes => Files.Sum(f => f.Size);
}

public sealed record BatchFile
{
    public required string Uri { get; init; }
    public required long Size { get; init; }
    /// <summary>Partition values from the path (null value = __HIVE_DEFAULT_PARTITION__).</summary>
    public IReadOnlyDictionary<string, string?> Partition { get; init; } = new Dictionary<string, string?>();
    /// <summary>Entity tag or version seen at listing time, when the store reports one.</summary>
    public string? ETag { get; init; }
}
