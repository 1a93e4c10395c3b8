using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Sync.Api.Contracts;
using Sync.Dags;
using Sync.Metadata;
using Sync.Orchestrator.Tests.Hosting;

namespace Sync.Orchestrator.Tests.Api;

public sealed class SyncApiFacts
{
    [Fact]
    public async Task Trigger_CreatesRunWithParams_AndTasksListEveryTask()
    {
        await using var host = await WebTestHost.StartAsync([WebTestHost.CommandDag("orders", "extract", "load")]);
        using var http = new HttpClient { BaseAddress = host.Address };

        using var response = await http.PostAsJsonAsync(ApiRoutes.Trigger("orders"), new TriggerRequest { Params = new Dictionary<string, string> { ["day"] = "2026-11-23" } }, ApiJson.Options);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var run = await response.Content.ReadFromJsonAsync<DagRunSummary>(ApiJson.Options);
        Assert.Equal("queued", run!.State);
        Assert.Equal("2026-11-23", run.Params["day"]);

        var log = Path.Combine(host.Folder, "extract.log");
        await File.WriteAllTextAsync(log, "extracted 42 rows\n");
        await host.FinishTaskAsync("orders", run.RunId, "extract", TaskState.Success, 42, log);

        var tasks = await http.GetFromJsonAsync<List<TaskInstanceSummary>>(ApiRoutes.Tasks("orders", run.RunId), ApiJson.Options);
        Assert.NotNull(tasks);
        Assert.Equal(["extract", "load"], tasks.Select(t => t.TaskId));
        Assert.Equal("success", tasks[0].State);
        Assert.Equal(42, tasks[0].Rows);
        Assert.Equal("none", tasks[1].State);
        Assert.Equal("extracted 42 rows\n", await http.GetStringAsync(ApiRoutes.TaskLog("orders", run.RunId, "extract")));

        var runs = await http.GetFromJsonAsync<List<DagRunSummary>>(ApiRoutes.Runs("orders"), ApiJson.Options);
        Assert.Equal(run.RunId, Assert.Single(runs!).RunId);
    }

    [Fact]
    public async Task Tasks_AreListedUpstreamFirst_NotAlphabetically()
    {
        await using var host = await WebTestHost.StartAsync([WebTestHost.CommandDag("orders", "zeta", "mid", "alpha")]);
        using var http = new HttpClient { BaseAddress = host.Address };
        using var response = await http.PostAsJsonAsync(ApiRoutes.Trigger("orders"), new TriggerRequest(), ApiJson.Options);
        var run = await response.Content.ReadFromJsonAsync<DagRunSummary>(ApiJson.Options);

        var tasks = await http.GetFromJsonAsync<List<TaskInstanceSummary>>(ApiRoutes.Tasks("orders", run!.RunId), ApiJson.Options);

        Assert.Equal(["zeta", "mid", "alpha"], tasks!.Select(t => t.TaskId));
    }

    [Fact]
    public async Task Dags_ShowTheScheduleWithItsTimeZone_InApiAndDashboard()
    {
        var dag = WebTestHost.CommandDag("nightly", "a") with
        {
            Schedule = new DagSchedule
            {
                Cron = "0 2 * * *",
                TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"),
                Expression = Cronos.CronExpression.Parse("0 2 * * *"),
            },
        };
        await using var host = await WebTestHost.StartAsync([dag]);
        using var http = new HttpClient { BaseAddress = host.Address };

        var summary = Assert.Single((await http.GetFromJsonAsync<List<DagSummary>>(ApiRoutes.Dags, ApiJson.Options))!);
        Assert.Equal(("0 2 * * *", "Asia/Shanghai"), (summary.Schedule, summary.TimeZone));
        // 02:00 in Shanghai is 18:00 UTC
        Assert.Equal(18, summary.NextRunAt!.Value.UtcDateTime.Hour);
        var page = await http.GetStringAsync("/hangfire/sync/dags");
        Assert.Contains("<div class=\"text-muted small sync-time-zone\">Asia/Shanghai</div>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PauseAndDags_ShowPausedFlagAndLastRun()
    {
        await using var host = await WebTestHost.StartAsync([WebTestHost.CommandDag("orders", "a")]);
        using var http = new HttpClient { BaseAddress = host.Address };

        using var paused = await http.PostAsync(ApiRoutes.Pause("orders"), null);
        Assert.True((await paused.Content.ReadFromJsonAsync<DagSummary>(ApiJson.Options))!.IsPaused);
        (await http.PostAsJsonAsync(ApiRoutes.Trigger("orders"), new TriggerRequest(), ApiJson.Options)).Dispose();

        var dags = await http.GetFromJsonAsync<List<DagSummary>>(ApiRoutes.Dags, ApiJson.Options);
        var dag = Assert.Single(dags!);
        Assert.True(dag.IsPaused);
        Assert.Equal("queued", dag.LastRun?.State);
        Assert.Equal(["a"], dag.Tasks);
    }

    [Fact]
    public async Task ClearTask_ResetsFailedTask_AndUnknownRunIs404()
    {
        await using var host = await WebTestHost.StartAsync([WebTestHost.CommandDag("orders", "a")]);
        using var http = new HttpClient { BaseAddress = host.Address };
        using var triggered = await http.PostAsJsonAsync(ApiRoutes.Trigger("orders"), new TriggerRequest(), ApiJson.Options);
        var run = (await triggered.Content.ReadFromJsonAsync<DagRunSummary>(ApiJson.Options))!;
        await host.FinishTaskAsync("orders", run.RunId, "a", TaskState.Failed, 0, null, "boom");

        using var cleared = await http.PostAsync(ApiRoutes.ClearTask("orders", run.RunId, "a"), null);
        Assert.Equal(1, (await cleared.Content.ReadFromJsonAsync<ClearResult>(ApiJson.Options))!.Cleared);
        Assert.Equal(TaskState.None, (await host.Store.GetTaskAsync("orders", run.RunId, "a", CancellationToken.None))!.State);

        using var missing = await http.PostAsync(ApiRoutes.ClearRun("orders", "no_such_run"), null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("no_such_run", (await missing.Content.ReadFromJsonAsync<ApiProblem>(ApiJson.Options))!.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportErrors_ListFileLineColumn()
    {
        await using var host = await WebTestHost.StartAsync([], [new DagImportError { FilePath = "/dags/bad.yaml", Line = 7, Column = 3, Message = "unknown key 'shedule'" }]);
        using var http = new HttpClient { BaseAddress = host.Address };

        var errors = await http.GetFromJsonAsync<List<ImportErrorInfo>>(ApiRoutes.ImportErrors, ApiJson.Options);

        var error = Assert.Single(errors!);
        Assert.Equal(("/dags/bad.yaml", 7, 3), (error.File, error.Line, error.Column));
    }

    [Fact]
    public async Task Api_RequiresBearerToken_WhenTokenConfigured()
    {
        await using var host = await WebTestHost.StartAsync([WebTestHost.CommandDag("orders", "a")], settings: new Dictionary<string, string?> { ["Sync:Web:ApiToken"] = "t0ken" });
        using var http = new HttpClient { BaseAddress = host.Address };

        using var refused = await http.GetAsync(ApiRoutes.Dags);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "t0ken");
        using var allowed = await http.GetAsync(ApiRoutes.Dags);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task HealthReadyAndMetrics_Answer()
    {
        await using var host = await WebTestHost.StartAsync([WebTestHost.CommandDag("orders", "a")]);
        using var http = new HttpClient { BaseAddress = host.Address };
        using var triggered = await http.PostAsJsonAsync(ApiRoutes.Trigger("orders"), new TriggerRequest(), ApiJson.Options);
        var run = (await triggered.Content.ReadFromJsonAsync<DagRunSummary>(ApiJson.Options))!;
        await host.FinishTaskAsync("orders", run.RunId, "a", TaskState.Success, 1234, null);

        Assert.Equal("ok", await http.GetStringAsync("/healthz"));
        using var ready = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("sync_dag_runs{state=\"queued\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("sync_task_instances{state=\"success\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("sync_rows_loaded_total{dag=\"orders\"} 1234", metrics, StringComparison.Ordinal);
        Assert.Contains("sync_task_duration_seconds_count{dag=\"orders\",state=\"success\"} 1", metrics, StringComparison.Ordinal);
    }
}
