using System.Text.RegularExpressions;
using Sync.FeatureSync.Tests.Support;
using Sync.Testing;

namespace Sync.FeatureSync.Tests.Commands;

/// <summary>The worker's feature-sync commands, run as the built program.</summary>
public sealed partial class FeatureSyncCliTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [MariaDbFact]
    public async Task Commands_CreateShowRunAndDelete_WhenUsedInTurn()
    {
        var bed = await SyncTestBed.CreateAsync();
        await bed.Table.InsertHistoryAsync(4_000, DateTime.Now.AddDays(-2), TimeSpan.FromSeconds(30));
        string[] state = ["--state-connection", "state", "--state-database", bed.StateDatabase];

        var created = await Worker(["feature-sync", "create", "--job", "cli_job", "--table", bed.Table.QualifiedName, "--key", "id", "--ts", "ts",
            "--mode", "full", "--dest", bed.DestinationUri, "--dest", bed.SecondUri, "--partitions", "2", "--format", "csv",
            "--source-connection", "online", "--settle", "200ms", "--quiet", "1s", "--roll-rows", "1500", .. state], bed);
        Assert.True(created.ExitCode == 0, created.Output);
        Assert.Contains("created job cli_job", created.Output, StringComparison.Ordinal);

        var again = await Worker(["feature-sync", "create", "--job", "cli_job", "--table", bed.Table.QualifiedName, "--key", "id", "--ts", "ts",
            "--dest", bed.DestinationUri, "--source-connection", "online", .. state], bed);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already exists", again.Output, StringComparison.Ordinal);

        var pending = await Worker(["feature-sync", "status", "cli_job", .. state], bed);
        Assert.Equal(0, pending.ExitCode);
        Assert.Equal(2, pending.Output.Split('\n').Count(l => l.StartsWith("cli_job ", StringComparison.Ordinal)));
        Assert.Contains("NOT all running: 0 of 2 running", pending.Output, StringComparison.Ordinal);

        var run = await Worker(["feature-sync", "run", "--job", "cli_job", "--worker-id", "cli", "--poll", "100ms", "--spool-dir", bed.SpoolDirectory, .. state], bed);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("job cli_job: p0: done, p1: done", run.Output, StringComparison.Ordinal);
        OfflineFiles.AssertExact(await bed.Table.SnapshotAsync(), await OfflineFiles.ReadRowsAsync(bed.TableRoot));
        OfflineFiles.AssertExact(await bed.Table.SnapshotAsync(), await OfflineFiles.ReadRowsAsync(Path.Combine(bed.SecondRoot, bed.Table.Name)));

        var done = await Worker(["feature-sync", "status", .. state], bed);
        Assert.Contains("done, all 2 tasks finished", done.Output, StringComparison.Ordinal);
        Assert.Matches(@"cli_job\s+0\s+done\s+done\s+\d{4}-\d{2}-\d{2}T", done.Output);

        var deleted = await Worker(["feature-sync", "delete", "cli_job", .. state], bed);
        Assert.Equal(0, deleted.ExitCode);
        Assert.Matches(@"partition 0: \d{4}-\d{2}-\d{2}T\S+/\d+", deleted.Output);
        var gone = await Worker(["feature-sync", "status", "cli_job", .. state], bed);
        Assert.Equal(2, gone.ExitCode);
    }

    [MariaDbFact]
    public async Task Create_ContinuesFromTheOldPosition_WhenADeletedJobIsRecreatedWithStartPosition()
    {
        var bed = await SyncTestBed.CreateAsync();
        await bed.Table.InsertHistoryAsync(3_000, DateTime.Now.AddHours(-6), TimeSpan.FromSeconds(5));
        string[] state = ["--state-connection", "state", "--state-database", bed.StateDatabase];
        string[] create = ["feature-sync", "create", "--job", "again", "--table", bed.Table.QualifiedName, "--key", "id", "--ts", "ts",
            "--dest", bed.DestinationUri, "--format", "csv", "--source-connection", "online", "--settle", "200ms", "--quiet", "1s", .. state];
        string[] run = ["feature-sync", "run", "again", "--worker-id", "cli", "--poll", "100ms", "--spool-dir", bed.SpoolDirectory, .. state];
        Assert.Equal(0, (await Worker(create, bed)).ExitCode);
        Assert.Equal(0, (await Worker(run, bed)).ExitCode);

        await bed.Table.InsertHistoryAsync(1_000, DateTime.Now.AddHours(-1), TimeSpan.FromSeconds(1));
        var deleted = await Worker(["feature-sync", "delete", "again", .. state], bed);
        var position = PositionLine().Match(deleted.Output).Groups[1].Value;
        Assert.NotEmpty(position);
        var recreated = await Worker([.. create, "--start-position", position], bed);
        Assert.True(recreated.ExitCode == 0, recreated.Output);
        var second = await Worker(run, bed);
        Assert.True(second.ExitCode == 0, second.Output);

        OfflineFiles.AssertExact(await bed.Table.SnapshotAsync(), await OfflineFiles.ReadRowsAsync(bed.TableRoot));
    }

    [MariaDbFact]
    public async Task Status_ShowsTheOtherJobsAndNamesTheBadOne_WhenAJobsDefinitionCannotBeRead()
    {
        var bed = await SyncTestBed.CreateAsync();
        string[] state = ["--state-connection", "state", "--state-database", bed.StateDatabase];
        var good = bed.Job(Sync.FeatureSync.Jobs.SyncMode.Full) with { JobId = "good_job" };
        await bed.State.CreateJobAsync(good, CancellationToken.None);
        await bed.State.CreateJobAsync(good with { JobId = "bad_job" }, CancellationToken.None);
        await using (var conn = new MySqlConnector.MySqlConnection(bed.Table.Server.ConnectionStringFor(bed.StateDatabase)))
        {
            await conn.OpenAsync();
            await using var cmd = new MySqlConnector.MySqlCommand("UPDATE feature_sync_jobs SET definition = '{\"job_id\": ' WHERE job_id = 'bad_job'", conn);
            Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
        }

        var all = await Worker(["feature-sync", "status", .. state], bed);
        Assert.Equal(2, all.ExitCode);
        Assert.Contains("job 'bad_job'", all.Output, StringComparison.Ordinal);
        Assert.Contains("unreadable definition", all.Output, StringComparison.Ordinal);
        Assert.Single(all.Output.Split('\n'), l => l.StartsWith("good_job ", StringComparison.Ordinal));

        var one = await Worker(["feature-sync", "status", "good_job", .. state], bed);
        Assert.True(one.ExitCode == 0, one.Output);
        var bad = await Worker(["feature-sync", "status", "bad_job", .. state], bed);
        Assert.Equal(2, bad.ExitCode);
        Assert.DoesNotContain("no job", bad.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_NamesLineAndColumn_WhenTheYamlIsWrong()
    {
        var file = Path.Combine(Path.GetTempPath(), $"feature_sync_bad_{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, "feature_sync:\n  job: x\n  tabel: t\n");
        try
        {
            var result = await WorkerProcess.RunAsync(["feature-sync", "create", "--file", file], new Dictionary<string, string>(), Timeout);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"{file}(3,3): unknown key 'tabel'", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static Task<(int ExitCode, string Output)> Worker(string[] args, SyncTestBed bed) => WorkerProcess.RunAsync(args, bed.WorkerEnvironment, Timeout);

    [GeneratedRegex(@"partition 0: (\S+)")]
    private static partial Regex PositionLine();
}
