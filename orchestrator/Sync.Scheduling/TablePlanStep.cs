using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Sync.Execution;
using Sync.Metadata;
using Sync.Planning;
using Sync.Storage;
using Sync.Tasks;

namespace Sync.Scheduling;

/// <summary>
/// The first step of every table, run inside the orchestrator: lists the source prefix, packs the files into batches
/// and records one task per batch, then points the table's finish step at all of them. Run again (a retry, a
/// restart), it keeps the batches already recorded so the run never holds two different plans.
/// </summary>
public sealed class TablePlanStep(IMetadataStore store, Func<string, IObjectStore> openStore, ILogger<TablePlanStep> logger)
{
    public async Task<TaskOutcome> RunAsync(TaskInstanceRecord planTask, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planTask);
        var clock = Stopwatch.StartNew();
        var spec = TaskJson.Deserialize<TaskSpec>(planTask.SpecJson);
        if (spec.Table is not { } table || spec.Plan is not { } plan)
            return Permanent($"plan task {planTask.TaskId} has no table or plan settings in its spec");

        var tasks = await store.ListTasksAsync(planTask.DagId, planTask.RunId, cancellationToken).ConfigureAwait(false);
        var start = tasks.FirstOrDefault(t => t.TaskId == plan.TableId + ".start");
        var finish = tasks.FirstOrDefault(t => t.TaskId == plan.TableId + ".finish");
        if (start is null || finish is null)
            return Permanent($"run {planTask.RunId} has no {plan.TableId}.start or {plan.TableId}.finish task");

        var batchPrefix = plan.TableId + ".batch_";
        var recorded = tasks.Where(t => t.TaskId.StartsWith(batchPrefix, StringComparison.Ordinal)).ToList();
        IReadOnlyList<BatchSpec> batches;
        int skipped = 0;
        if (recorded.Count > 0)
        {
            batches = recorded.Select(t => TaskJson.Deserialize<TaskSpec>(t.SpecJson).Batch!).OrderBy(b => b.Index).ToList();
            logger.LogInformation("{Dag}/{Run}: {Table} keeps its {Count} batches planned by an earlier attempt", planTask.DagId, planTask.RunId, plan.TableId, batches.Count);
        }
        else
        {
            TablePlan planned;
            try
            {
                var objectStore = openStore(table.Source);
                planned = await BatchPlanner.PlanAsync(objectStore, table.Source, new PlanOptions
                {
                    TargetBatchBytes = plan.TargetBatchBytes,
                    MaxFilesPerBatch = plan.MaxFilesPerBatch,
                    PartitionColumns = table.PartitionColumns,
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is PartitionPathException or ObjectStoreConfigurationException or ArgumentException or FormatException)
            {
                return Permanent($"planning {table.Source}: {ex.Message}");
            }
            catch (ObjectStoreException ex) when (!ex.IsTransient)
            {
                return Permanent($"planning {table.Source}: {ex.Message}");
            }
            catch (Exception ex) when (ex is ObjectStoreException or IOException or HttpRequestException)
            {
                return new TaskOutcome { ExitCode = ExitCodes.Retryable, Error = $"listing {table.Source}: {ex.Message}" };
            }
            // A prefix without data (a typo, a path not written yet) would otherwise plan zero batches and finish would
            // swap an empty table over the loaded one; a table that may really be empty says so in its DAG.
            if (planned.TotalFiles == 0 && !plan.AllowEmptySource)
            {
                return Permanent($"planning {table.Source}: no data files under this prefix ({planned.SkippedFiles.Count} other objects skipped); " +
                    "check the table's source, or set allow_empty_source: true if the table may be empty");
            }
            if (planned.TotalFiles == 0)
                logger.LogWarning("{Dag}/{Run}: {Table}: no data files under {Source}; loading an empty table (allow_empty_source)", planTask.DagId, planTask.RunId, plan.TableId, table.Source);
            batches = planned.Batches;
            skipped = planned.SkippedFiles.Count;
            var records = batches.Select(b => RunBuilder.BatchRecord(start, table, plan, b)).ToList();
            await store.AddTasksAsync(records, cancellationToken).ConfigureAwait(false);
        }

        // Finish waits for every batch and checks the staging count against all of them.
        var finishSpec = TaskJson.Deserialize<TaskSpec>(finish.SpecJson) with { AllBatches = batches };
        var upstream = new List<string> { start.TaskId };
        upstream.AddRange(batches.Select(b => RunBuilder.BatchTaskId(plan.TableId, b.Index)));
        var nextFinish = finish with { Upstream = upstream, SpecJson = TaskJson.Serialize(finishSpec), Bytes = batches.Sum(b => b.TotalBytes) };
        if (!await store.TryUpdateTaskAsync(nextFinish, finish.State, finish.Attempt, cancellationToken).ConfigureAwait(false))
            return new TaskOutcome { ExitCode = ExitCodes.Retryable, Error = $"{finish.TaskId} changed while the plan was recorded; planning again" };

        var files = batches.Sum(b => b.Files.Count);
        var bytes = batches.Sum(b => b.TotalBytes);
        logger.LogInformation("{Dag}/{Run}: planned {Table}: {Files} files, {Bytes} bytes in {Batches} batches ({Skipped} skipped)",
            planTask.DagId, planTask.RunId, plan.TableId, files, bytes, batches.Count, skipped);
        return new TaskOutcome
        {
            ExitCode = ExitCodes.Success,
            Result = new TaskResult
            {
                Status = "success",
                Files = files,
                Bytes = bytes,
                Seconds = clock.Elapsed.TotalSeconds,
                Details = new Dictionary<string, string> { ["batches"] = batches.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), ["skipped"] = skipped.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            },
        };
    }

    private static TaskOutcome Permanent(string error) => new() { ExitCode = ExitCodes.Permanent, Error = error };
}
