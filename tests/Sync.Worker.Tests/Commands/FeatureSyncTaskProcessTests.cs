using System.Diagnostics;
using System.Globalization;
using MySqlConnector;
using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.State;
using Sync.Tasks;
using Sync.Testing;

namespace Sync.Worker.Tests.Commands;

/// <summary>
/// `task run` of a feature-sync TaskSpec as a process, as the executors start it: exit 0 with the rows when a full
/// copy is done or when the job is deleted under it, 2 when it cannot run as configured; the result line last.
/// </summary>
public sealed class FeatureSyncTaskProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    [MariaDbFact]
    public async Task TaskRun_ExitsZeroWithTheRows_WhenTheFullCopyIsDone()
    {
        var (server, job, stateDatabase, _) = await CreateJobAsync(SyncMode.Full, rows: 600);

        var (exit, result, output) = await RunAsync(Spec(job, stateDatabase), Environment(server, job));

        Assert.True(exit == ExitCodes.Success, output);
        Assert.Equal("success", result.Status);
        Assert.Equal(600, result.Rows);
        Assert.Equal("done", result.Details!["outcome"]);
        Assert.Equal("p0: done", result.Details["partitions"]);
    }

    [MariaDbFact]
    public async Task TaskRun_ExitsZero_WhenTheJobIsDeletedWhileItRuns()
    {
        var (server, job, stateDatabase, state) = await CreateJobAsync(SyncMode.FullAndIncremental, rows: 300);
        var run = RunAsync(Spec(job, stateDatabase), Environment(server, job));
        var deadline = DateTime.UtcNow + Patience;
        while ((await state.GetStatusAsync(job.JobId, CancellationToken.None)).Any(t => t.RowsSynced < 300))
        {
            Assert.False(run.IsCompleted, $"the worker ended early: {(run.IsCompleted ? run.Result.Output : "")}");
            Assert.True(DateTime.UtcNow < deadline, "the worker did not catch up");
            await Task.Delay(100);
        }

        await state.DeleteJobAsync(job.JobId, CancellationToken.None);
        var (exit, result, output) = await run;

        Assert.True(exit == ExitCodes.Success, output);
        Assert.Equal("deleted", result.Details!["outcome"]);
    }

    [Fact]
    public async Task TaskRun_ExitsTwo_WhenTheStateConnectionIsNotConfigured()
    {
        var spec = new TaskSpec
        {
            Kind = TaskKinds.FeatureSync,
            DagId = "@feature-sync",
            RunId = "user_features",
            TaskId = "p0",
            FeatureSync = new FeatureSyncSpec { Job = "user_features", Partition = 0, StateConnection = "nowhere" },
        };

        var (exit, result, output) = await RunAsync(spec, new Dictionary<string, string>());

        Assert.True(exit == ExitCodes.Permanent, output);
        Assert.Equal("failed", result.Status);
        Assert.Contains("SYNC_CONNECTION_NOWHERE", result.Error, StringComparison.Ordinal);
    }

    private static async Task<(MariaDbServer, FeatureSyncJob, string, FeatureSyncStateStore)> CreateJobAsync(SyncMode mode, int rows)
    {
        var server = await MariaDbServer.GetAsync();
        var database = await server.CreateDatabaseAsync("fstask");
        await using (var conn = new MySqlConnection(server.ConnectionStringFor(database)))
        {
            await conn.OpenAsync();
            var values = string.Join(",", Enumerable.Range(1, rows).Select(i => string.Create(CultureInfo.InvariantCulture, $"({i}, NOW(6) - INTERVAL 1 MINUTE)")));
            foreach (var sql in new[]
            {
                "CREATE TABLE features (id BIGINT NOT NULL PRIMARY KEY, ts DATETIME(6) NOT NULL, KEY ix_ts_id (ts, id))",
                $"INSERT INTO features (id, ts) VALUES {values}",
            })
            {
                await using var cmd = new MySqlCommand(sql, conn);
                await cmd.ExecuteNonQueryAsync();
            }
        }
        var stateDatabase = database + "_state";
        var state = new FeatureSyncStateStore(server.ConnectionString, stateDatabase);
        await state.EnsureSchemaAsync(CancellationToken.None);
        var job = new FeatureSyncJob
        {
            JobId = "job_" + database,
            SourceConnection = "online",
            Table = database + ".features",
            KeyColumn = "id",
            TimestampColumn = "ts",
            Mode = mode,
            Destinations = ["file://" + Path.Combine(Path.GetTempPath(), "sync-tests", "feature-task", database)],
            Format = OutputFormat.Csv,
            SettleDelay = TimeSpan.FromMilliseconds(200),
            RollInterval = TimeSpan.FromMilliseconds(500),
            QuietPeriod = TimeSpan.FromSeconds(1),
        };
        await state.CreateJobAsync(job, CancellationToken.None);
        return (server, job, stateDatabase, state);
    }

    private static TaskSpec Spec(FeatureSyncJob job, string stateDatabase) => new()
    {
        Kind = TaskKinds.FeatureSync,
        DagId = "@feature-sync",
        RunId = job.JobId,
        TaskId = "all",
        FeatureSync = new FeatureSyncSpec
        {
            Job = job.JobId,
            StateConnection = "state",
            StateDatabase = stateDatabase,
            Options = new FeatureSyncRunSettings
            {
                WorkerId = "task-test",
                LeaseTtl = TimeSpan.FromSeconds(3),
                PollInterval = TimeSpan.FromMilliseconds(100),
                SpoolDirectory = Path.Combine(Path.GetTempPath(), "sync-tests", "feature-task-spool", job.JobId),
            },
        },
    };

    private static Dictionary<string, string> Environment(MariaDbServer server, FeatureSyncJob job) => new()
    {
        ["SYNC_CONNECTION_STATE"] = server.ConnectionString,
        ["SYNC_CONNECTION_ONLINE"] = server.ConnectionStringFor(job.Table.Split('.')[0]),
    };

    /// <summary>Runs <c>dotnet Sync.Worker.dll task run --spec-json SPEC</c>; returns the exit code, the parsed last stdout line and all output.</summary>
    private static async Task<(int Exit, TaskResult Result, string Output)> RunAsync(TaskSpec spec, IReadOnlyDictionary<string, string> env)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Sync.Worker.dll"), "task", "run", "--spec-json", TaskJson.Serialize(spec) })
            start.ArgumentList.Add(arg);
        foreach (var (key, value) in env) start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the worker");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the worker did not end within {Patience}: {await stdout}{await stderr}");
        }
        var output = await stdout + await stderr;
        var last = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        return (process.ExitCode, TaskJson.Deserialize<TaskResult>(last), output);
    }
}
