using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using Sync.Api.Contracts;
using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.State;
using Sync.FeatureSync.Supervision;
using Sync.Orchestrator.Tests.Hosting;
using Sync.Testing;

namespace Sync.Orchestrator.Tests.Dashboard;

/// <summary>
/// The Feature sync page in headless Chromium and <c>/api/v1/feature-sync</c>, over a real state database on MariaDB:
/// a job with one running partition and one whose worker died and waits for its restart.
/// </summary>
public sealed class FeatureSyncPageBrowserFacts
{
    [MariaDbFact]
    public async Task FeatureSyncPage_ShowsEachTaskWithItsWorker_AndTheApiServesTheSame()
    {
        HeadlessChromium.AssertInstalled();
        var server = await MariaDbServer.GetAsync();
        var database = await server.CreateDatabaseAsync("fsweb");
        var state = new FeatureSyncStateStore(server.ConnectionString, database);
        var supervision = new SupervisionStore(server.ConnectionString, database);
        await state.EnsureSchemaAsync(CancellationToken.None);
        await supervision.EnsureSchemaAsync(CancellationToken.None);
        var job = new FeatureSyncJob
        {
            JobId = "user_features",
            SourceConnection = "online",
            Table = "features.user_features",
            KeyColumn = "user_id",
            TimestampColumn = "updated_at",
            Mode = SyncMode.FullAndIncremental,
            Destinations = ["s3://offline/warehouse"],
            Partitions = 2,
        };
        await state.CreateJobAsync(job, CancellationToken.None);
        // As workers would have left them: p0 running and caught up to a position, p1 retrying after an error.
        await ExecAsync(server.ConnectionStringFor(database), """
            UPDATE feature_sync_tasks SET state = 'running', phase = 'incremental', pos_ts = '2026-12-06 08:59:58.123456', pos_key = '4711',
                rows_synced = 1234, files_published = 3, lag_ms = 1500 WHERE partition_no = 0;
            UPDATE feature_sync_tasks SET state = 'retrying', last_error = '<b>source down</b>', last_error_at = UTC_TIMESTAMP(6) WHERE partition_no = 1
            """);
        var now = DateTimeOffset.UtcNow;
        await supervision.TryStartNextAsync(await supervision.GetOrCreateAsync(job.JobId, 0, CancellationToken.None), now, CancellationToken.None);
        var p1 = (await supervision.TryStartNextAsync(await supervision.GetOrCreateAsync(job.JobId, 1, CancellationToken.None), now, CancellationToken.None))!;
        Assert.True(await supervision.TryRecordExitAsync(p1 with
        {
            State = SupervisionStates.Waiting,
            EndedAt = now,
            NextStartAt = now.AddSeconds(30),
            LastExitCode = 137,
            LastError = "worker exited with 137",
        }, CancellationToken.None));

        await using var host = await WebTestHost.StartAsync([], configureServices: services =>
        {
            services.AddSingleton(state);
            services.AddSingleton(supervision);
        });
        using var http = new HttpClient { BaseAddress = host.Address };
        var status = (await http.GetFromJsonAsync<FeatureSyncStatus>(ApiRoutes.FeatureSync, ApiJson.Options))!;
        Assert.False(status.AllRunning);
        Assert.StartsWith("NOT all running: 1 of 2 tasks running; user_features p1 retrying (restart at ", status.Summary, StringComparison.Ordinal);
        var tasks = status.Jobs.Single().Tasks;
        Assert.Equal(("running", "4711", 1234L, 1.5), (tasks[0].State, tasks[0].Position![^4..], tasks[0].Rows, tasks[0].LagSeconds!.Value));
        Assert.Equal(("waiting", 137, 0), (tasks[1].Supervisor!.State, tasks[1].Supervisor!.LastExitCode!.Value, tasks[1].Supervisor!.Restarts));
        var one = (await http.GetFromJsonAsync<FeatureSyncJobStatus>(ApiRoutes.FeatureSyncJob(job.JobId), ApiJson.Options))!;
        Assert.Equal(status.Jobs.Single().Summary, one.Summary);
        Assert.Equal(tasks, one.Tasks);

        // Prometheus sees the same tasks.
        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("sync_feature_sync_state_readable 1", metrics, StringComparison.Ordinal);
        Assert.Contains("sync_feature_sync_tasks{state=\"running\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("sync_feature_sync_tasks{state=\"retrying\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("sync_feature_sync_rows_synced{job=\"user_features\",partition=\"0\"} 1234", metrics, StringComparison.Ordinal);
        Assert.Contains("sync_feature_sync_lag_seconds{job=\"user_features\",partition=\"0\"} 1.5", metrics, StringComparison.Ordinal);

        // The admin CLI prints the same through the API.
        using (var cliOutput = new StringWriter())
        using (var cliError = new StringWriter())
        {
            var exit = await Sync.Cli.CliProgram.RunAsync(["feature-sync", "--server", host.Address.ToString()],
                new System.CommandLine.InvocationConfiguration { Output = cliOutput, Error = cliError });
            Assert.True(exit == 0, cliError.ToString());
            var lines = cliOutput.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
            Assert.StartsWith("JOB", lines[0], StringComparison.Ordinal);
            Assert.Matches(@"^user_features\s+1\s+full\s+retrying\s+.*\s1 waiting\s+0\s+\S+ \S+\s+137\s+<b>source down</b>$", lines[2]);
            Assert.Equal(status.Jobs.Single().Summary, lines[3]);
            Assert.Equal(status.Summary, lines[4]);
        }

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = chromium.Page;
        await page.GotoAsync(new Uri(host.Address, "/hangfire").ToString());
        await page.ClickAsync("a:text('Feature sync')");

        Assert.Equal("false", await page.GetAttributeAsync(".sync-feature-summary", "data-all-running"));
        Assert.Equal(status.Summary, (await page.InnerTextAsync(".sync-feature-summary")).Trim());
        Assert.Equal(FeatureSyncStatusReport.Summary(job, await state.GetStatusAsync(job.JobId, CancellationToken.None)),
            await page.InnerTextAsync("[data-job-id='user_features'] .sync-feature-job-summary"));
        Assert.Equal("running", await page.GetAttributeAsync("tr[data-partition='0']", "data-state"));
        Assert.Equal("1,234", await page.InnerTextAsync("tr[data-partition='0'] .sync-feature-rows"));
        Assert.Equal("retrying", await page.GetAttributeAsync("tr[data-partition='1']", "data-state"));
        // Errors are shown as text, never run as markup.
        Assert.Equal("<b>source down</b>", await page.InnerTextAsync("tr[data-partition='1'] .sync-feature-error"));
        Assert.StartsWith("137 at ", await page.InnerTextAsync("tr[data-partition='1'] .sync-feature-last-exit"), StringComparison.Ordinal);
        Assert.Equal(now.AddSeconds(30).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            await page.InnerTextAsync("tr[data-partition='1'] .sync-feature-next-restart"));
        Assert.Equal("–", await page.InnerTextAsync("tr[data-partition='0'] .sync-feature-next-restart"));

        // A deleted job's tasks leave the gauges.
        await state.DeleteJobAsync(job.JobId, CancellationToken.None);
        var after = await http.GetStringAsync("/metrics");
        Assert.DoesNotContain("job=\"user_features\"", after, StringComparison.Ordinal);
        Assert.Contains("sync_feature_sync_tasks{state=\"running\"} 0", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FeatureSyncApiAndPage_SayItIsNotConfigured_WithoutAStateConnection()
    {
        await using var host = await WebTestHost.StartAsync([]);
        using var http = new HttpClient { BaseAddress = host.Address };
        using var api = await http.GetAsync(ApiRoutes.FeatureSync);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Contains("Sync:FeatureSync:StateConnection", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var page = await http.GetStringAsync("/hangfire/sync/feature-sync");
        Assert.Contains("sync-feature-unavailable", page, StringComparison.Ordinal);
        Assert.Contains("Sync:FeatureSync:StateConnection", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FeatureSyncApiAndPage_SayTheStateDatabaseCannotBeRead_WhenItIsDown()
    {
        // Nothing listens on a fresh free port: every read of the state database is refused.
        var down = $"Server=127.0.0.1;Port={FreePort.Next()};User ID=sync;Password=x;Connection Timeout=5";
        await using var host = await WebTestHost.StartAsync([], configureServices: services =>
        {
            services.AddSingleton(new FeatureSyncStateStore(down, "sync_state"));
            services.AddSingleton(new SupervisionStore(down, "sync_state"));
        });
        using var http = new HttpClient { BaseAddress = host.Address };

        using var api = await http.GetAsync(ApiRoutes.FeatureSync);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        var problem = (await api.Content.ReadFromJsonAsync<ApiProblem>(ApiJson.Options))!;
        Assert.StartsWith("the feature-sync state database cannot be read: ", problem.Error, StringComparison.Ordinal);
        var page = await http.GetStringAsync("/hangfire/sync/feature-sync");
        Assert.Contains("The feature-sync state database cannot be read", page, StringComparison.Ordinal);
        // The metrics still answer, and say the feature-sync ones are stale.
        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("sync_feature_sync_state_readable 0", metrics, StringComparison.Ordinal);
        Assert.Contains("sync_dag_runs{", metrics, StringComparison.Ordinal);
    }

    private static async Task ExecAsync(string connectionString, string sql)
    {
        await using var conn = new MySqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new MySqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
