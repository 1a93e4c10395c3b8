using System.Globalization;
using MySqlConnector;
using Sync.Testing;

using Sync.Orchestrator.Tests.Hosting;

namespace Sync.Orchestrator.Tests.EndToEnd;

/// <summary>
/// The built orchestrator with the local executor, end to end: generated ORC data (3 daily partitions) planned into
/// batches, loaded by real worker processes into a private MariaDB, the run triggered and followed through the REST
/// API, then shown by our dashboard page in headless Chromium.
/// </summary>
public sealed class LocalExecutorEndToEndFacts
{
    private const string DagId = "e2e_orders";
    private const int Days = 3;
    private const int FilesPerDay = 2;
    private const int RowsPerFile = 3000;

    [MariaDbFact]
    public async Task TriggeredTableRun_LoadsEveryGeneratedRow_AndDashboardShowsEveryTask()
    {
        HeadlessChromium.AssertInstalled();
        var mariadb = await MariaDbServer.GetAsync();
        var database = await mariadb.CreateDatabaseAsync("e2e");
        using var folder = new TestFolder("sync-e2e-local-");
        var warehouse = Path.Combine(folder.Path, "warehouse");
        var generated = ServerProcess.Run("dotnet",
            [OrchestratorProcess.WorkerDll, "demo", "generate", "--out", Path.Combine(warehouse, "orders"),
             "--days", Days.ToString(CultureInfo.InvariantCulture), "--files-per-day", FilesPerDay.ToString(CultureInfo.InvariantCulture),
             "--rows-per-file", RowsPerFile.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(2));
        Assert.Contains($"wrote {Days * FilesPerDay * RowsPerFile} rows", generated, StringComparison.Ordinal);

        var dags = folder.Sub("dags");
        await File.WriteAllTextAsync(Path.Combine(dags, "e2e_orders.yaml"), $"""
            id: {DagId}
            description: generated orders into MariaDB
            defaults:
              retries: 1
              retry_delay: 1s
              timeout: 5m
            tables:
              - id: orders
                source: {new Uri(Path.Combine(warehouse, "orders")).AbsoluteUri}
                target:
                  connection: warehouse
                  database: {database}
                  table: orders
                primary_key: [order_id]
                partition_columns:
                  - name: dt
                    type: date
                max_files_per_batch: 2
                write_mode: insert
                max_parallel_batches: 4
            """);

        await using var orchestrator = await OrchestratorProcess.StartAsync("orchestrator", new Dictionary<string, string>
        {
            ["Sync__DagsFolder"] = dags,
            ["Sync__DataFolder"] = folder.Sub("data"),
            ["Sync__Executor"] = "local",
            ["Sync__Local__WorkerCommand__0"] = "dotnet",
            ["Sync__Local__WorkerCommand__1"] = OrchestratorProcess.WorkerDll,
            ["Sync__Scheduler__PollInterval"] = "00:00:01",
            ["SYNC_CONNECTION_WAREHOUSE"] = mariadb.ConnectionString,
        });

        var triggered = await orchestrator.Api.TriggerAsync(DagId, new Dictionary<string, string>(), CancellationToken.None);
        var run = await orchestrator.WaitForRunAsync(DagId, triggered.RunId, TimeSpan.FromSeconds(90));
        Assert.True(run.State == "success",
            $"run ended {run.State}; tasks: {await orchestrator.DescribeTasksAsync(DagId, run.RunId)}\n{orchestrator.Tail()}");

        // Every generated row is in the target, partition by partition.
        var counts = await CountByDayAsync(mariadb.ConnectionStringFor(database));
        Assert.Equal(
            Enumerable.Range(0, Days).Select(d => (new DateTime(2026, 11, 1).AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (long)FilesPerDay * RowsPerFile)),
            counts);

        // plan, start, one task per batch of at most two files, finish: each succeeded on its first attempt.
        var tasks = await orchestrator.Api.ListTasksAsync(DagId, run.RunId, CancellationToken.None);
        var batches = tasks.Where(t => t.TaskId.StartsWith("orders.batch_", StringComparison.Ordinal)).ToList();
        Assert.Equal(Days * FilesPerDay / 2, batches.Count);
        Assert.Equal(["orders.finish", "orders.plan", "orders.start"], tasks.Except(batches).Select(t => t.TaskId).Order(StringComparer.Ordinal));
        Assert.All(tasks, t =>
        {
            Assert.True(t.State == "success", $"{t.TaskId} is {t.State}: {t.Error}");
            Assert.Equal(1, t.Attempt);
            Assert.NotNull(t.EndedAt);
        });
        Assert.Equal(Days * FilesPerDay * RowsPerFile, batches.Sum(b => b.Rows ?? 0));

        // The run page of our dashboard lists every task with the state the API reports.
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = chromium.Page;
        await page.GotoAsync(new Uri(orchestrator.Address, "/hangfire/sync/dags").ToString());
        await page.ClickAsync($"a.sync-dag-link:text('{DagId}')");
        await page.ClickAsync($"a.sync-run-link:text('{run.RunId}')");
        var shown = await page.EvalOnSelectorAllAsync<string[][]>("tr[data-task-id]",
            "rows => rows.map(r => [r.getAttribute('data-task-id'), r.getAttribute('data-state')])");
        Assert.Equal(
            tasks.Select(t => $"{t.TaskId}={t.State}").Order(StringComparer.Ordinal),
            shown.Select(r => $"{r[0]}={r[1]}").Order(StringComparer.Ordinal));
    }

    private static async Task<List<(string Day, long Rows)>> CountByDayAsync(string connectionString)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SELECT DATE_FORMAT(dt, '%Y-%m-%d'), COUNT(*) FROM orders GROUP BY dt ORDER BY dt", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new List<(string, long)>();
        while (await reader.ReadAsync()) counts.Add((reader.GetString(0), reader.GetInt64(1)));
        return counts;
    }
}
