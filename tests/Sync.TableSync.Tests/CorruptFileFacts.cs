using MySqlConnector;
using Sync.Orc;
using Sync.TableSync.Tests.Support;
using Sync.Tasks;
using Sync.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Sync.TableSync.Tests;

/// <summary>
/// A run whose source holds one corrupt ORC file, every step a worker process: the corrupt file's batch fails for good
/// (exit 2) naming the object, the other batches load, finish refuses to swap, and the existing target stays untouched
/// and readable the whole time (a reader queries it throughout the run).
/// </summary>
public sealed class CorruptFileFacts(ITestOutputHelper output)
{
    public enum Damage
    {
        /// <summary>Bytes in the middle of a stripe's data overwritten: the footer still counts the rows.</summary>
        StripeData,

        /// <summary>The file cut short: no postscript or footer.</summary>
        Truncated,
    }

    [MariaDbTheory]
    [InlineData(Damage.StripeData)]
    [InlineData(Damage.Truncated)]
    public async Task Run_FailsOnlyTheCorruptBatchAndKeepsTarget_WhenOneFileIsCorrupt(Damage damage)
    {
        var bed = await TableSyncBed.CreateAsync("bad");
        var source = new SourceTable(Path.Combine(bed.Folder, "t"));
        var sourceUri = "file://" + source.Root;
        await source.WriteOrcAsync("dt=2024-01-01/000000_0", "2024-01-01", rows: 4_000);
        await bed.RunAllInProcessAsync(bed.Table(sourceUri), (await bed.PlanAsync(sourceUri)).Batches, "r1");
        var before = await RowText.ReadAsync(bed.ConnectionString, "t");

        var bad = await source.WriteOrcAsync("dt=2024-01-02/000000_0", "2024-01-02", rows: 20_000, stripeBytes: 64 * 1024);
        await source.WriteOrcAsync("dt=2024-01-03/000000_0", "2024-01-03", rows: 3_000);
        await DamageAsync(bad.LocalPath, damage);
        var plan = await bed.PlanAsync(sourceUri, targetBatchBytes: 1); // one file per batch
        Assert.Equal(3, plan.Batches.Count);
        var badUri = "file://" + bad.LocalPath;
        var badBatch = plan.Batches.Single(b => b.Files.Any(f => f.Uri == badUri));

        using var stopReading = new CancellationTokenSource();
        var reader = ReadContinuouslyAsync(bed.ConnectionString, before.Count, stopReading.Token);
        var table = bed.Table(sourceUri);
        var specs = Path.Combine(bed.Folder, "specs");
        var env = bed.WorkerEnvironment();

        var (startExit, start, startLog) = await WorkerProcess.RunTaskAsync(TableSyncBed.Spec(TaskKinds.TableStart, "r2", table, plan.Batches), specs, env);
        Assert.True(startExit == ExitCodes.Success, $"{start.Error}\n{startLog}");
        foreach (var batch in plan.Batches)
        {
            var (exit, result, log) = await WorkerProcess.RunTaskAsync(TableSyncBed.Spec(TaskKinds.TableBatch, "r2", table, plan.Batches, batch), specs, env);
            if (batch == badBatch)
            {
                output.WriteLine($"batch {batch.Index}: exit {exit}: {result.Error}");
                Assert.Equal(ExitCodes.Permanent, exit);
                Assert.Equal("failed", result.Status);
                Assert.Contains(badUri, result.Error, StringComparison.Ordinal);
                Assert.Contains(badUri, log, StringComparison.Ordinal);
            }
            else
            {
                Assert.True(exit == ExitCodes.Success, $"batch {batch.Index}: {result.Error}\n{log}");
            }
        }
        var (finishExit, finish, finishLog) = await WorkerProcess.RunTaskAsync(TableSyncBed.Spec(TaskKinds.TableFinish, "r2", table, plan.Batches), specs, env);
        output.WriteLine($"finish: exit {finishExit}: {finish.Error}");
        Assert.Equal(ExitCodes.Permanent, finishExit);
        Assert.Contains("refusing to swap", finish.Error, StringComparison.Ordinal);
        // Finish names what differs: the unreadable file when its footer is gone, else the batch short of its footer count.
        Assert.Contains(damage == Damage.Truncated ? badUri : $"batch_{badBatch.Index} (expected 20000", finish.Error, StringComparison.Ordinal);

        stopReading.Cancel();
        var reads = await reader;
        output.WriteLine($"the target answered {reads} reads during the run, each with its {before.Count} rows");
        Assert.True(reads > 10, $"only {reads} reads of the target during the run");
        RowText.AssertSameRows(before, await RowText.ReadAsync(bed.ConnectionString, "t"), "target after the failed run");
        var tables = await bed.TablesAsync();
        Assert.DoesNotContain(tables, t => t.StartsWith("t__bak_", StringComparison.Ordinal));
        Assert.Contains(tables, t => t.StartsWith("t__stg_", StringComparison.Ordinal)); // kept for a look, dropped by the next start
    }

    private static async Task DamageAsync(string path, Damage damage)
    {
        var bytes = await File.ReadAllBytesAsync(path);
        if (damage == Damage.Truncated)
        {
            await File.WriteAllBytesAsync(path, bytes.AsSpan(0, bytes.Length * 2 / 3).ToArray());
            return;
        }
        OrcStripeInfo stripe;
        await using (var reader = await OrcReader.OpenFileAsync(path))
        {
            Assert.True(reader.Stripes.Count >= 3, $"{reader.Stripes.Count} stripes");
            stripe = reader.Stripes[reader.Stripes.Count / 2];
        }
        // Garble the middle of the stripe's data streams; index and footer stay intact, so the file opens and counts.
        var from = stripe.Offset + stripe.IndexLength + stripe.DataLength / 4;
        for (var i = 0; i < stripe.DataLength / 2; i++) bytes[from + i] ^= 0x5A;
        await File.WriteAllBytesAsync(path, bytes);
    }

    /// <summary>Reads the target's row count over and over until cancelled; fails on any error or changed count.</summary>
    private static async Task<int> ReadContinuouslyAsync(string connectionString, long rows, CancellationToken stop)
    {
        var reads = 0;
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(CancellationToken.None);
        while (!stop.IsCancellationRequested)
        {
            await using (var command = new MySqlCommand("SELECT COUNT(*), COALESCE(SUM(`id`), 0) FROM `t`", connection))
            await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None))
            {
                Assert.True(await reader.ReadAsync(CancellationToken.None));
                Assert.Equal(rows, reader.GetInt64(0));
            }
            reads++;
            try
            {
                await Task.Delay(20, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return reads;
    }
}
