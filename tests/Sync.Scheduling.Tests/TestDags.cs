using Sync.Dags;

namespace Sync.Scheduling.Tests;

/// <summary>DAGs built in code, shaped as the YAML parser would build them.</summary>
internal static class TestDags
{
    public static TaskDefaults Defaults(int retries = 0, string pool = "default", TimeSpan? retryDelay = null, TimeSpan? maxRetryDelay = null,
        long? memory = null, long? memoryLimit = null) => new()
    {
        Retries = retries,
        RetryDelay = retryDelay ?? TimeSpan.FromSeconds(30),
        MaxRetryDelay = maxRetryDelay ?? TimeSpan.FromMinutes(30),
        Timeout = TimeSpan.FromMinutes(10),
        Pool = pool,
        Pod = new PodResources { Image = "sync-worker:test", Cpu = "1", MemoryBytes = memory, MemoryLimitBytes = memoryLimit },
    };

    public static CommandTaskDefinition Step(string id, params string[] dependsOn) => Step(id, Defaults(), dependsOn);

    public static CommandTaskDefinition Step(string id, TaskDefaults execution, params string[] dependsOn) => new()
    {
        Id = id,
        Command = ["echo", id],
        DependsOn = dependsOn,
        Execution = execution,
    };

    public static TableDefinition Table(string id, string source, int maxFilesPerBatch = 1, int maxParallelBatches = 0, TaskDefaults? execution = null,
        params string[] dependsOn) => new()
    {
        Id = id,
        Source = source,
        TargetConnection = "warehouse",
        TargetDatabase = "sync_demo",
        TargetTable = id,
        PrimaryKey = ["id"],
        BatchSizeMb = 1,
        MaxFilesPerBatch = maxFilesPerBatch,
        MaxParallelBatches = maxParallelBatches,
        WriteMode = "insert",
        DependsOn = dependsOn,
        Execution = execution ?? Defaults(),
    };

    public static DagDefinition Dag(string id, IReadOnlyList<CommandTaskDefinition>? tasks = null, IReadOnlyList<TableDefinition>? tables = null, int maxActiveRuns = 1) => new()
    {
        Id = id,
        FilePath = $"/dags/{id}.yaml",
        MaxActiveRuns = maxActiveRuns,
        Tasks = tasks ?? [],
        Tables = tables ?? [],
    };
}
