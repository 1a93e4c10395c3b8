using Sync.Dags;
using Sync.Metadata;
using Sync.Tasks;

namespace Sync.Scheduling;

/// <summary>
/// Turns a DAG into the records of one run: every plain task, and per table <c>plan</c> → <c>start</c> →
/// <c>finish</c>. The batches between start and finish are added by the plan step once the source is listed, because
/// their number is only known then. Specs and policies are frozen here, so editing the DAG mid-run changes nothing
/// under way.
/// </summary>
public static class RunBuilder
{
    public static (DagRunRecord Run, IReadOnlyList<TaskInstanceRecord> Tasks) Build(
        DagDefinition dag, DateTimeOffset logicalDate, string triggeredBy, IReadOnlyDictionary<string, string>? parameters, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(dag);
        var run = new DagRunRecord
        {
            DagId = dag.Id,
            RunId = RunIdFor(triggeredBy, logicalDate),
            LogicalDate = logicalDate,
            TriggeredBy = triggeredBy,
            Params = parameters ?? new Dictionary<string, string>(),
            CreatedAt = now,
        };

        var tasks = new List<TaskInstanceRecord>();
        foreach (var command in dag.Tasks)
        {
            var spec = new TaskSpec { Kind = TaskKinds.Command, DagId = dag.Id, RunId = run.RunId, TaskId = command.Id, Command = command.Command };
            tasks.Add(Record(run, command.Id, TaskKinds.Command, UpstreamOf(dag, command.DependsOn), spec, PolicyFrom(command.Execution)));
        }
        foreach (var table in dag.Tables)
        {
            var policy = PolicyFrom(table.Execution);
            var tableSpec = TableSpecOf(table);
            tasks.Add(Record(run, table.PlanTaskId, OrchestratorTaskKinds.Plan, UpstreamOf(dag, table.DependsOn),
                new TaskSpec
                {
                    Kind = OrchestratorTaskKinds.Plan, DagId = dag.Id, RunId = run.RunId, TaskId = table.PlanTaskId, Table = tableSpec,
                    Plan = new PlanSpec
                    {
                        TableId = table.Id,
                        TargetBatchBytes = table.BatchSizeMb * 1024L * 1024L,
                        MaxFilesPerBatch = table.MaxFilesPerBatch,
                        MaxParallelBatches = table.MaxParallelBatches,
                        AllowEmptySource = table.AllowEmptySource,
                    },
                }, policy));
            tasks.Add(Record(run, table.StartTaskId, TaskKinds.TableStart, [table.PlanTaskId],
                new TaskSpec { Kind = TaskKinds.TableStart, DagId = dag.Id, RunId = run.RunId, TaskId = table.StartTaskId, Table = tableSpec }, policy));
            // Until the plan adds the batches, finish waits on start (and on the plan, which must succeed first anyway).
            tasks.Add(Record(run, table.FinishTaskId, TaskKinds.TableFinish, [table.StartTaskId],
                new TaskSpec { Kind = TaskKinds.TableFinish, DagId = dag.Id, RunId = run.RunId, TaskId = table.FinishTaskId, Table = tableSpec, AllBatches = [] }, policy));
        }
        return (run, tasks);
    }

    /// <summary>Airflow-style run ids: <c>scheduled__2026-11-23T02:00:00Z</c>, <c>manual__…</c>.</summary>
    public static string RunIdFor(string triggeredBy, DateTimeOffset logicalDate)
    {
        var prefix = triggeredBy switch
        {
            RunTriggers.Schedule or RunTriggers.Catchup => "scheduled",
            _ => triggeredBy,
        };
        var utc = logicalDate.UtcDateTime;
        // Manual runs keep sub-second precision so two quick triggers get different dates, not a clash.
        var text = utc.Ticks % TimeSpan.TicksPerSecond == 0 ? utc.ToString("yyyy-MM-ddTHH:mm:ssZ") : utc.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ");
        return $"{prefix}__{text}";
    }

    /// <summary>The batch tasks of a table, once planned: each waits for start and is capped per table within the run.</summary>
    public static TaskInstanceRecord BatchRecord(TaskInstanceRecord start, TableSyncSpec table, PlanSpec plan, BatchSpec batch)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(batch);
        var taskId = BatchTaskId(plan.TableId, batch.Index);
        var spec = new TaskSpec { Kind = TaskKinds.TableBatch, DagId = start.DagId, RunId = start.RunId, TaskId = taskId, Table = table, Batch = batch };
        var policy = start.Policy with { ParallelGroup = plan.TableId + ".batches", MaxParallelInGroup = plan.MaxParallelBatches };
        return new TaskInstanceRecord
        {
            DagId = start.DagId,
            RunId = start.RunId,
            TaskId = taskId,
            Kind = TaskKinds.TableBatch,
            MaxAttempts = policy.Retries + 1,
            Upstream = [start.TaskId],
            Bytes = batch.TotalBytes,
            SpecJson = TaskJson.Serialize(spec),
            Policy = policy,
        };
    }

    public static string BatchTaskId(string tableId, int index) => $"{tableId}.batch_{index}";

    public static TaskPolicy PolicyFrom(TaskDefaults defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return new TaskPolicy
        {
            Retries = defaults.Retries,
            RetryDelay = defaults.RetryDelay,
            ExponentialBackoff = defaults.ExponentialBackoff,
            MaxRetryDelay = defaults.MaxRetryDelay,
            Timeout = defaults.Timeout,
            Pool = defaults.Pool,
            Image = defaults.Pod.Image,
            CpuRequest = defaults.Pod.Cpu,
            CpuLimit = defaults.Pod.CpuLimit,
            MemoryRequestBytes = defaults.Pod.MemoryBytes,
            MemoryLimitBytes = defaults.Pod.MemoryLimitBytes,
        };
    }

    public static TableSyncSpec TableSpecOf(TableDefinition table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return new TableSyncSpec
        {
            Source = table.Source,
            SourceConnection = table.SourceConnection,
            TargetConnection = table.TargetConnection,
            TargetDatabase = table.TargetDatabase,
            TargetTable = table.TargetTable,
            PrimaryKey = table.PrimaryKey,
            DistributionKey = table.DistributionKey,
            PartitionColumns = table.PartitionColumns,
            WriteMode = table.WriteMode,
            KeepBackups = table.KeepBackups,
            Options = table.Options.Count == 0 ? null : table.Options,
        };
    }

    /// <summary>A dependency on a table means its finish step; on a task, the task itself.</summary>
    private static IReadOnlyList<string> UpstreamOf(DagDefinition dag, IReadOnlyList<string> dependsOn) =>
        dependsOn.Select(id => dag.Tables.FirstOrDefault(t => t.Id == id)?.FinishTaskId ?? id).ToList();

    private static TaskInstanceRecord Record(DagRunRecord run, string taskId, string kind, IReadOnlyList<string> upstream, TaskSpec spec, TaskPolicy policy) => new()
    {
        DagId = run.DagId,
        RunId = run.RunId,
        TaskId = taskId,
        Kind = kind,
        MaxAttempts = policy.Retries + 1,
        Upstream = upstream,
        SpecJson = TaskJson.Serialize(spec),
        Policy = policy,
    };
}
