using System.Globalization;
using Sync.TableSync.Tests.Support;
using Sync.Tasks;
using Sync.Testing;
using Sync.Warehouse.Tables;
using Xunit;
using Xunit.Abstractions;

namespace Sync.TableSync.Tests;

/// <summary>
/// Worker processes killed with SIGKILL and run again, as the orchestrator retries a lost pod: a batch killed while it
/// writes leaves exactly its rows once after the rerun (with a business key and with the surrogate key, by both
/// write paths); a finish killed between any two of its statements converges to the right target and backups.
/// </summary>
public sealed class KillAndRerunFacts(ITestOutputHelper output)
{
    [MariaDbTheory]
    [InlineData(false, "insert", 1)]
    [InlineData(false, "load-data", 2)]
    [InlineData(true, "insert", 3)]
    [InlineData(true, "load-data", 4)]
    public async Task Batch_LeavesExactRows_WhenKilledMidBatchAndRerun(bool businessKey, string writeMode, int seed)
    {
        var bed = await TableSyncBed.CreateAsync("kill");
        var source = new SourceTable(Path.Combine(bed.Folder, "t"), seed);
        for (var i = 0; i < 4; i++) await source.WriteOrcAsync($"dt=2024-01-0{1 + (i % 2)}/00000{i}_0", $"2024-01-0{1 + (i % 2)}", rows: 30_000);
        var sourceUri = "file://" + source.Root;
        var plan = await bed.PlanAsync(sourceUri);
        var batch = Assert.Single(plan.Batches);
        var table = bed.Table(sourceUri, writeMode: writeMode, primaryKey: businessKey ? ["id"] : null);
        var (startExit, start) = await bed.Runner().RunAsync(TableSyncBed.Spec(TaskKinds.TableStart, "r1", table, plan.Batches), CancellationToken.None);
        Assert.True(startExit == ExitCodes.Success, start.Error);
        var staging = TableNames.Staging(TableSyncBed.Spec(TaskKinds.TableStart, "r1", table, plan.Batches), table);
        var total = source.AllRows.LongCount();
        var specs = Path.Combine(bed.Folder, "specs");
        var batchSpec = TableSyncBed.Spec(TaskKinds.TableBatch, "r1", table, plan.Batches, batch);

        // Small statements, so the batch takes many of them and the kill lands between or inside statements.
        var killAt = new Random(seed).Next(15_000, 80_000);
        long atKill;
        using (var worker = WorkerProcess.StartTask(batchSpec, specs, bed.WorkerEnvironment((TableSyncOptions.MaxStatementBytesVariable, "32768"), (TableSyncOptions.MaxLoadDataBytesVariable, "32768"))))
        {
            var reached = await worker.WaitUntilAsync(async () => await bed.CountAsync(staging) >= killAt, TimeSpan.FromMinutes(2));
            Assert.True(reached, $"the batch never reached {killAt} rows before exiting ({(worker.HasExited ? worker.ExitCode : -1)}): {worker.Stderr}");
            worker.Kill();
            Assert.True(worker.HasExited);
            Assert.NotEqual(ExitCodes.Success, worker.ExitCode);
        }
        atKill = await bed.CountAsync(staging);
        output.WriteLine($"{writeMode}, {(businessKey ? "business key" : "surrogate key")}: killed with {atKill} of {total} rows in {staging}");
        Assert.InRange(atKill, killAt, total - 1);

        var (exit, result, log) = await WorkerProcess.RunTaskAsync(batchSpec, specs, bed.WorkerEnvironment());
        Assert.True(exit == ExitCodes.Success, $"{result.Error}\n{log}");
        Assert.Equal(total, result.Rows);
        // The rerun sent every row again; the ones already there were skipped by the key, not doubled.
        Assert.True(long.Parse(result.Details!["inserted"], CultureInfo.InvariantCulture) <= total - atKill + 1, $"inserted {result.Details["inserted"]}");
        RowText.AssertSameRows(source.AllRows, await RowText.ReadAsync(bed.ConnectionString, staging), $"staging after kill at {atKill} and rerun");

        var (finishExit, finish) = await bed.Runner().RunAsync(TableSyncBed.Spec(TaskKinds.TableFinish, "r1", table, plan.Batches), CancellationToken.None);
        Assert.True(finishExit == ExitCodes.Success, finish.Error);
        RowText.AssertSameRows(source.AllRows, await RowText.ReadAsync(bed.ConnectionString, "t"), "target after finish");
    }

    /// <summary>
    /// Three runs of a growing table; the third run's finish pauses after statement N (the fault hook), is killed with
    /// SIGKILL from here, and is run again. MariaDB's swap is one atomic RENAME then a DROP of the oldest backup;
    /// AnalyticDB's (run against MariaDB with the ADB dialect) is two ALTER TABLE … RENAME then the DROP.
    /// </summary>
    [MariaDbTheory]
    [InlineData("mysql", 1)]
    [InlineData("mysql", 2)]
    [InlineData("analyticdb", 1)]
    [InlineData("analyticdb", 2)]
    [InlineData("analyticdb", 3)]
    public async Task Finish_ConvergesToNewTarget_WhenKilledAfterStatementAndRerun(string dialect, int killAfter)
    {
        var bed = await TableSyncBed.CreateAsync("fin");
        var source = new SourceTable(Path.Combine(bed.Folder, "t"), millisecondTimestamps: true);
        var sourceUri = "file://" + source.Root;
        await source.WriteOrcAsync("dt=2024-01-01/000000_0", "2024-01-01", rows: 3_000);
        await bed.RunAllInProcessAsync(bed.Table(sourceUri), (await bed.PlanAsync(sourceUri)).Batches, "r1");
        await source.WriteOrcAsync("dt=2024-01-02/000000_0", "2024-01-02", rows: 2_000);
        var table = bed.Table(sourceUri, dialect: dialect);
        await bed.RunAllInProcessAsync(table, (await bed.PlanAsync(sourceUri)).Batches, "r2");
        var previous = source.AllRows.ToList();
        await source.WriteOrcAsync("dt=2024-01-03/000000_0", "2024-01-03", rows: 1_000);
        Assert.Equal(["t", "t__bak_1"], await bed.TablesAsync());

        var plan = await bed.PlanAsync(sourceUri);
        var runner = bed.Runner();
        var (startExit, start) = await runner.RunAsync(TableSyncBed.Spec(TaskKinds.TableStart, "r3", table, plan.Batches), CancellationToken.None);
        Assert.True(startExit == ExitCodes.Success, start.Error);
        foreach (var batch in plan.Batches)
        {
            var (exit, result) = await runner.RunAsync(TableSyncBed.Spec(TaskKinds.TableBatch, "r3", table, plan.Batches, batch), CancellationToken.None);
            Assert.True(exit == ExitCodes.Success, result.Error);
        }

        var finishSpec = TableSyncBed.Spec(TaskKinds.TableFinish, "r3", table, plan.Batches);
        var specs = Path.Combine(bed.Folder, "specs");
        var faultEnv = bed.WorkerEnvironment((TableSyncOptions.FaultAfterStatementVariable, killAfter.ToString(CultureInfo.InvariantCulture)),
            (TableSyncOptions.FaultModeVariable, "pause"));
        using (var worker = WorkerProcess.StartTask(finishSpec, specs, faultEnv))
        {
            var paused = await worker.WaitUntilAsync(() => Task.FromResult(worker.Stderr.Contains($"pausing until killed after statement {killAfter}:", StringComparison.Ordinal)),
                TimeSpan.FromMinutes(1));
            Assert.True(paused, $"finish did not pause after statement {killAfter}: {worker.Stderr}");
            worker.Kill();
        }
        var between = await bed.TablesAsync();
        output.WriteLine($"{dialect}: tables after a kill following statement {killAfter}: {string.Join(", ", between)}");

        var (finishExit, finish, log) = await WorkerProcess.RunTaskAsync(finishSpec, specs, bed.WorkerEnvironment());
        Assert.True(finishExit == ExitCodes.Success, $"{finish.Error}\n{log}");
        Assert.Equal(["t", "t__bak_2"], await bed.TablesAsync());
        RowText.AssertSameRows(source.AllRows, await RowText.ReadAsync(bed.ConnectionString, "t"), "target after the rerun finish");
        RowText.AssertSameRows(previous, await RowText.ReadAsync(bed.ConnectionString, "t__bak_2"), "backup of the previous target");
    }
}
