using Sync.Planning;
using Sync.TableSync.Tests.Support;
using Sync.Tasks;
using Sync.Testing;
using Xunit;

namespace Sync.TableSync.Tests;

/// <summary>
/// A partitioned Hive table (several partitions, a URL-encoded value, the default partition, an empty object, _SUCCESS
/// and .crc markers, a 0-row ORC file, multi-stripe files, hundreds of tiny files) planned from its prefix and loaded
/// through start → batches → finish: the target holds exactly the rows of the ORC files, compared over every column.
/// </summary>
public sealed class PartitionedTableAcceptanceFacts
{
    // Small batches, so the table becomes several batches and the tiny files are spread over a few of them.
    private const long BatchBytes = 256 * 1024;
    private const int FilesPerBatch = 100;

    [MariaDbFact]
    public async Task Run_LoadsTableRowForRow_FromFileStore()
    {
        var bed = await TableSyncBed.CreateAsync("acc");
        var source = await SourceTable.WriteAcceptanceLayoutAsync(Path.Combine(bed.Folder, "t"));
        var sourceUri = "file://" + source.Root;
        var plan = await bed.PlanAsync(sourceUri, BatchBytes, FilesPerBatch);
        AssertPlanCoversLayout(plan, source);

        var table = bed.Table(sourceUri);
        var finish = await bed.RunAllInProcessAsync(table, plan.Batches, "file-run");

        Assert.Equal(source.AllRows.LongCount(), finish.Rows);
        RowText.AssertSameRows(source.AllRows, await RowText.ReadAsync(bed.ConnectionString, "t"), "target t loaded from file://");
        Assert.Equal(["t"], await bed.TablesAsync());
    }

    [MariaDbS3rverFact]
    public async Task Run_LoadsTableRowForRow_FromS3rverThroughWorkerProcesses()
    {
        var bed = await TableSyncBed.CreateAsync("acc");
        var source = await SourceTable.WriteAcceptanceLayoutAsync(Path.Combine(bed.Folder, "t"));
        var bucket = await bed.UseS3rverAsync();
        var sourceUri = $"s3://{bucket}/warehouse/db.db/t";
        await bed.UploadAsync(source, sourceUri);
        var plan = await bed.PlanAsync(sourceUri, BatchBytes, FilesPerBatch);
        AssertPlanCoversLayout(plan, source);

        // Each step as the local executor runs it: a worker process configured from its environment. Batches run two at a time.
        var table = bed.Table(sourceUri, writeMode: "insert");
        var env = bed.WorkerEnvironment();
        var specs = Path.Combine(bed.Folder, "specs");
        var (startExit, start, startLog) = await WorkerProcess.RunTaskAsync(TableSyncBed.Spec(TaskKinds.TableStart, "s3-run", table, plan.Batches), specs, env);
        Assert.True(startExit == ExitCodes.Success, $"start: {start.Error}\n{startLog}");
        using var gate = new SemaphoreSlim(2);
        var batchRuns = plan.Batches.Select(async batch =>
        {
            await gate.WaitAsync();
            try
            {
                var mode = batch.Index % 2 == 0 ? "insert" : "load-data";
                return (batch.Index, Run: await WorkerProcess.RunTaskAsync(
                    TableSyncBed.Spec(TaskKinds.TableBatch, "s3-run", table with { WriteMode = mode }, plan.Batches, batch), specs, env));
            }
            finally
            {
                gate.Release();
            }
        });
        foreach (var (index, (exit, result, log)) in await Task.WhenAll(batchRuns))
        {
            Assert.True(exit == ExitCodes.Success, $"batch {index}: {result.Error}\n{log}");
        }
        var (finishExit, finish, finishLog) = await WorkerProcess.RunTaskAsync(TableSyncBed.Spec(TaskKinds.TableFinish, "s3-run", table, plan.Batches), specs, env);
        Assert.True(finishExit == ExitCodes.Success, $"finish: {finish.Error}\n{finishLog}");

        Assert.Equal(source.AllRows.LongCount(), finish.Rows);
        RowText.AssertSameRows(source.AllRows, await RowText.ReadAsync(bed.ConnectionString, "t"), "target t loaded from s3rver");
    }

    private static void AssertPlanCoversLayout(TablePlan plan, SourceTable source)
    {
        // Every non-empty visible object is planned once; markers, checksum files and empty objects are left out.
        var planned = plan.Batches.SelectMany(b => b.Files).Select(f => f.Uri[(plan.SourceUri.Length + 1)..]).ToList();
        var expected = source.Files.Where(f => f.IsData).Select(f => f.Relative).ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), planned.Order(StringComparer.Ordinal));
        Assert.Contains(plan.SkippedFiles, s => s.Uri.EndsWith("/_SUCCESS", StringComparison.Ordinal));
        Assert.Contains(plan.SkippedFiles, s => s.Uri.EndsWith("/empty_object", StringComparison.Ordinal));
        Assert.Contains(plan.SkippedFiles, s => s.Uri.EndsWith(".crc", StringComparison.Ordinal));

        // Hive partition values: URL-decoded, and the default partition as NULL.
        var files = plan.Batches.SelectMany(b => b.Files).ToList();
        Assert.Contains(files, f => f.Partition["dt"] == "a/b c=d");
        Assert.Contains(files, f => f.Uri.Contains("__HIVE_DEFAULT_PARTITION__", StringComparison.Ordinal) && f.Partition["dt"] is null);

        // Hundreds of tiny files become a few batches: neither one batch nor one task per file.
        var tinyBatches = plan.Batches.Count(b => b.Files.Any(f => f.Uri.Contains("dt=2024-01-03", StringComparison.Ordinal)));
        Assert.InRange(tinyBatches, 2, 5);
        Assert.True(plan.Batches.Count >= 4, $"{plan.Batches.Count} batches");
    }
}
