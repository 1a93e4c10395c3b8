using System.Net;
using System.Net.Http.Json;
using Sync.Api.Contracts;
using Sync.Metadata;
using Sync.Orchestrator.Tests.Hosting;

namespace Sync.Orchestrator.Tests.Dashboard;

/// <summary>Headless Chromium against the dashboard served by Kestrel.</summary>
public sealed class RunPageBrowserFacts
{
    [Fact]
    public async Task RunPage_ShowsTasksAndStates_AndRetryClearsFailedTask()
    {
        HeadlessChromium.AssertInstalled();
        await using var host = await WebTestHost.StartAsync([WebTestHost.CommandDag("orders", "extract", "load")]);
        using var http = new HttpClient { BaseAddress = host.Address };
        using var triggered = await http.PostAsJsonAsync(ApiRoutes.Trigger("orders"), new TriggerRequest(), ApiJson.Options);
        var run = (await triggered.Content.ReadFromJsonAsync<DagRunSummary>(ApiJson.Options))!;
        var log = Path.Combine(host.Folder, "extract.log");
        await File.WriteAllTextAsync(log, "extract: 42 rows\n");
        await host.FinishTaskAsync("orders", run.RunId, "extract", TaskState.Success, 42, log);
        await host.FinishTaskAsync("orders", run.RunId, "load", TaskState.Failed, 0, null, "<script>alert(1)</script>");

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = chromium.Page;

        await page.GotoAsync(new Uri(host.Address, "/hangfire/sync/dags").ToString());
        await page.ClickAsync("a.sync-dag-link:text('orders')");
        await page.ClickAsync($"a.sync-run-link:text('{run.RunId}')");

        Assert.Equal("success", await page.GetAttributeAsync("tr[data-task-id='extract']", "data-state"));
        Assert.Equal("failed", await page.GetAttributeAsync("tr[data-task-id='load']", "data-state"));
        Assert.Equal("42", await page.InnerTextAsync("tr[data-task-id='extract'] .sync-task-rows"));
        // The error is shown as text, never run as markup.
        Assert.Equal("<script>alert(1)</script>", await page.InnerTextAsync("tr[data-task-id='load'] .sync-task-error"));

        var logHref = await page.GetAttributeAsync("tr[data-task-id='extract'] a.sync-log-link", "href");
        Assert.Equal("extract: 42 rows\n", await http.GetStringAsync(logHref));

        await page.ClickAsync("tr[data-task-id='load'] button.sync-clear-task");
        await page.WaitForSelectorAsync(".sync-message");
        Assert.Equal("none", await page.GetAttributeAsync("tr[data-task-id='load']", "data-state"));
        Assert.Equal(TaskState.None, (await host.Store.GetTaskAsync("orders", run.RunId, "load", CancellationToken.None))!.State);
    }

    [Fact]
    public async Task DashboardPost_IsRefused_WithoutAntiforgeryToken()
    {
        await using var host = await WebTestHost.StartAsync([WebTestHost.CommandDag("orders", "a")]);
        using var http = new HttpClient { BaseAddress = host.Address };

        using var response = await http.PostAsync("/hangfire/sync/dags/orders/pause", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(await host.Store.IsPausedAsync("orders", CancellationToken.None));
    }

    [Fact]
    public async Task Dashboard_AsksForBasicAuth_WhenCredentialsConfigured()
    {
        await using var host = await WebTestHost.StartAsync([WebTestHost.CommandDag("orders", "a")],
            settings: new Dictionary<string, string?> { ["Sync:Web:DashboardUser"] = "admin", ["Sync:Web:DashboardPassword"] = "pw" });
        using var http = new HttpClient { BaseAddress = host.Address };

        using var refused = await http.GetAsync("/hangfire/sync/dags");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String("admin:pw"u8.ToArray()));
        var html = await http.GetStringAsync("/hangfire/sync/dags");
        Assert.Contains("data-dag-id=\"orders\"", html, StringComparison.Ordinal);
    }
}
