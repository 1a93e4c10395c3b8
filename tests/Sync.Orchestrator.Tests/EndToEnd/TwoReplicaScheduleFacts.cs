using Npgsql;
using Sync.Testing;

namespace Sync.Orchestrator.Tests.EndToEnd;

/// <summary>
/// Two replicas of the built orchestrator on one PostgreSQL (metadata and Hangfire storage), both arming the same
/// cron schedule: every tick while both are up makes exactly one run, and every run completes.
/// </summary>
public sealed class TwoReplicaScheduleFacts
{
    private const string DagId = "e2e_every_2s";
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(12);

    [PostgresFact]
    public async Task EveryTick_MakesExactlyOneRun_WhenTwoReplicasShareOneDatabase()
    {
        var postgres = await PostgresServer.GetAsync();
        var database = await postgres.CreateDatabaseAsync("e2e");
        var connectionString = postgres.ConnectionStringFor(database);
        using var folder = new TestFolder("sync-e2e-replicas-");
        var dags = folder.Sub("dags");
        await File.WriteAllTextAsync(Path.Combine(dags, "e2e_every_2s.yaml"), $"""
            id: {DagId}
            description: a run every two seconds
            schedule:
              cron: "*/2 * * * * *"
              time_zone: UTC
            catchup: false
            max_active_runs: 16
            defaults:
              retries: 0
              timeout: 2m
            tasks:
              - id: tick
                command: ["sh", "-c", "echo tick"]
            """);
        Dictionary<string, string> Settings(string replica) => new()
        {
            ["Sync__DagsFolder"] = dags,
            ["Sync__DataFolder"] = folder.Sub(replica),
            ["Sync__Metadata__Provider"] = "postgres",
            ["Sync__Metadata__ConnectionString"] = connectionString,
            ["Sync__Hangfire__Storage"] = "postgres",
            ["Sync__Hangfire__WorkerCount"] = "4",
            ["Sync__Executor"] = "local",
            ["Sync__Local__WorkerCommand__0"] = "dotnet",
            ["Sync__Local__WorkerCommand__1"] = OrchestratorProcess.WorkerDll,
            ["Sync__Scheduler__PollInterval"] = "00:00:01",
        };

        // Both start at once, as the replicas of a Deployment do: schema creation and schedules race.
        var starting = new[] { OrchestratorProcess.StartAsync("replica a", Settings("a")), OrchestratorProcess.StartAsync("replica b", Settings("b")) };
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var replica in starting.Where(s => s.IsCompletedSuccessfully)) await replica.Result.DisposeAsync();
            throw;
        }
        await using var a = starting[0].Result;
        await using var b = starting[1].Result;

        var bothUp = DateTimeOffset.UtcNow;
        await Task.Delay(Window);
        var oneStops = DateTimeOffset.UtcNow;
        // No more ticks from here on; the runs made so far must still complete.
        await a.Api.PauseAsync(DagId, CancellationToken.None);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        List<(DateTimeOffset LogicalDate, long Runs, long Unfinished, long Succeeded)> ticks;
        while (true)
        {
            Assert.False(a.HasExited, a.Tail());
            Assert.False(b.HasExited, b.Tail());
            ticks = await RunsByLogicalDateAsync(connectionString);
            if (ticks.All(t => t.Unfinished == 0)) break;
            Assert.True(DateTime.UtcNow < deadline,
                $"runs still unfinished after 40s: {string.Join(", ", ticks.Where(t => t.Unfinished > 0).Select(t => t.LogicalDate.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)))}\n{a.Tail(3000)}\n{b.Tail(3000)}");
            await Task.Delay(500);
        }

        // The ticks strictly inside the window both replicas were up (a second of margin at each end for arming).
        var first = NextTick(bothUp + TimeSpan.FromSeconds(1));
        var expected = new List<DateTimeOffset>();
        for (var t = first; t <= oneStops - TimeSpan.FromSeconds(1); t += Tick) expected.Add(t);
        Assert.True(expected.Count >= 4, $"the window held only {expected.Count} ticks");
        var inWindow = ticks.Where(t => t.LogicalDate >= first && t.LogicalDate <= expected[^1]).ToList();
        Assert.Equal(expected, inWindow.Select(t => t.LogicalDate));
        Assert.All(ticks, t =>
        {
            Assert.Equal(0, t.LogicalDate.ToUnixTimeMilliseconds() % (long)Tick.TotalMilliseconds);
            Assert.Equal(1, t.Runs);
            Assert.Equal(1, t.Succeeded);
        });
    }

    private static DateTimeOffset NextTick(DateTimeOffset after)
    {
        var ms = (long)Tick.TotalMilliseconds;
        var next = (after.ToUnixTimeMilliseconds() / ms + 1) * ms;
        return DateTimeOffset.FromUnixTimeMilliseconds(next);
    }

    private static async Task<List<(DateTimeOffset, long, long, long)>> RunsByLogicalDateAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT logical_date, COUNT(*),
                   COUNT(*) FILTER (WHERE state NOT IN ('Success', 'Failed')),
                   COUNT(*) FILTER (WHERE state = 'Success')
            FROM dag_run WHERE dag_id = @dag GROUP BY logical_date ORDER BY logical_date
            """, connection);
        command.Parameters.AddWithValue("dag", DagId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(DateTimeOffset, long, long, long)>();
        while (await reader.ReadAsync())
            rows.Add((DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        return rows;
    }
}
