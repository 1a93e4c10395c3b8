using Cronos;
using Microsoft.Extensions.Logging.Abstractions;
using Sync.Dags;
using Sync.Metadata;
using static Sync.Scheduling.Tests.TestDags;

namespace Sync.Scheduling.Tests;

/// <summary>
/// Quartz fires on the real clock, so the fake clock starts at the real time and the hourly schedule's minute is
/// half an hour away from it: no trigger armed by a test fires while it runs, and catch-up is all that creates runs.
/// </summary>
public sealed class CronScheduleServiceTests
{
    private static readonly DateTimeOffset RealNow = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    private static readonly int Minute = (RealNow.Minute + 30) % 60;

    private static DagDefinition Hourly(string id, bool catchup, DateTimeOffset startDate) => Dag(id, [Step("a")]) with
    {
        Schedule = Schedule($"{Minute} * * * *", CronFormat.Standard),
        StartDate = startDate,
        Catchup = catchup,
    };

    private static DagSchedule Schedule(string cron, CronFormat format) =>
        new() { Cron = cron, TimeZone = TimeZoneInfo.Utc, Expression = CronExpression.Parse(cron, format) };

    /// <summary>The hourly ticks at <see cref="Minute"/> in [from, to], counted without Cronos.</summary>
    private static List<DateTimeOffset> HourlyTicks(DateTimeOffset from, DateTimeOffset to)
    {
        var tick = new DateTimeOffset(from.Year, from.Month, from.Day, from.Hour, Minute, 0, TimeSpan.Zero);
        if (tick < from) tick = tick.AddHours(1);
        var ticks = new List<DateTimeOffset>();
        for (; tick <= to; tick = tick.AddHours(1)) ticks.Add(tick);
        return ticks;
    }

    private static CronScheduleService Service(SchedulingHarness h) =>
        new(h.Registry, h.Store, h.Runs, h.Time, NullLogger<CronScheduleService>.Instance);

    private static async Task<List<DagRunRecord>> RunsOfAsync(SchedulingHarness h, string dagId) =>
        (await h.Store.ListRunsAsync(new RunQuery { DagId = dagId, Limit = 100 }, CancellationToken.None)).OrderBy(r => r.LogicalDate).ToList();

    [Fact]
    public async Task StartAsync_CreatesExactlyMissedTicks_WhenCatchupIsOn()
    {
        var startDate = RealNow.AddHours(-5).AddMinutes(-7);
        using var h = await SchedulingHarness.CreateAsync(Hourly("hourly", catchup: true, startDate));
        h.Time.SetUtcNow(RealNow);
        using var service = Service(h);

        await service.StartAsync(CancellationToken.None);
        try
        {
            var expected = HourlyTicks(startDate, RealNow);
            Assert.Equal(5, expected.Count);
            var runs = await RunsOfAsync(h, "hourly");
            Assert.Equal(expected, runs.Select(r => r.LogicalDate));
            Assert.All(runs, r => Assert.Equal(RunTriggers.Catchup, r.TriggeredBy));
            Assert.All(runs, r => Assert.Equal(RunBuilder.RunIdFor(RunTriggers.Schedule, r.LogicalDate), r.RunId));
            Assert.Equal(expected[^1].AddHours(1), await service.NextTickAsync("hourly"));
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }

        // Down for two more hours: the next start creates only the ticks after the latest run.
        h.Time.Advance(TimeSpan.FromHours(2));
        using var restarted = Service(h);
        await restarted.StartAsync(CancellationToken.None);
        try
        {
            var runs = await RunsOfAsync(h, "hourly");
            Assert.Equal(HourlyTicks(startDate, h.Time.GetUtcNow()), runs.Select(r => r.LogicalDate));
            Assert.Equal(7, runs.Count);
        }
        finally
        {
            await restarted.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task StartAsync_CatchesUpFromTheLatestScheduledRun_NotFromAManualOne()
    {
        var startDate = RealNow.AddHours(-5).AddMinutes(-7);
        using var h = await SchedulingHarness.CreateAsync(Hourly("hourly", catchup: true, startDate));
        h.Time.SetUtcNow(RealNow);
        var manual = await h.Runs.TryCreateAsync(h.Registry.Find("hourly")!, RealNow.AddMinutes(-1), RunTriggers.Manual, null, CancellationToken.None);
        Assert.NotNull(manual);
        using var service = Service(h);

        await service.StartAsync(CancellationToken.None);
        await service.StopAsync(CancellationToken.None);

        var caughtUp = (await RunsOfAsync(h, "hourly")).Where(r => r.TriggeredBy == RunTriggers.Catchup).Select(r => r.LogicalDate);
        Assert.Equal(HourlyTicks(startDate, RealNow), caughtUp);
    }

    [Fact]
    public async Task StartAsync_CreatesNoRuns_WhenCatchupIsOffOrDagPaused()
    {
        var startDate = RealNow.AddHours(-5);
        using var h = await SchedulingHarness.CreateAsync(Hourly("no_catchup", catchup: false, startDate), Hourly("paused", catchup: true, startDate));
        h.Time.SetUtcNow(RealNow);
        await h.Store.SetPausedAsync("paused", true, CancellationToken.None);
        using var service = Service(h);

        await service.StartAsync(CancellationToken.None);
        try
        {
            Assert.Empty(await RunsOfAsync(h, "no_catchup"));
            Assert.Empty(await RunsOfAsync(h, "paused"));
            // Both stay armed for their next tick.
            var next = HourlyTicks(RealNow, RealNow.AddHours(1))[0];
            Assert.Equal(next, await service.NextTickAsync("no_catchup"));
            Assert.Equal(next, await service.NextTickAsync("paused"));
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task StartAsync_LeavesNewDagPaused_WhenPausedOnCreation_AndKeepsAnUnpauseAcrossRestarts()
    {
        var startDate = RealNow.AddHours(-5);
        using var h = await SchedulingHarness.CreateAsync(Hourly("held", catchup: true, startDate) with { PausedOnCreation = true }, Hourly("free", catchup: true, startDate));
        h.Time.SetUtcNow(RealNow);

        using (var first = Service(h))
        {
            await first.StartAsync(CancellationToken.None);
            await first.StopAsync(CancellationToken.None);
        }
        Assert.True(await h.Store.IsPausedAsync("held", CancellationToken.None));
        Assert.Empty(await RunsOfAsync(h, "held"));
        Assert.Equal(HourlyTicks(startDate, RealNow).Count, (await RunsOfAsync(h, "free")).Count);

        // the operator unpauses; a restart must not pause it again, and catch-up now runs
        await h.Store.SetPausedAsync("held", false, CancellationToken.None);
        using var second = Service(h);
        await second.StartAsync(CancellationToken.None);
        await second.StopAsync(CancellationToken.None);
        Assert.False(await h.Store.IsPausedAsync("held", CancellationToken.None));
        Assert.Equal(HourlyTicks(startDate, RealNow).Count, (await RunsOfAsync(h, "held")).Count);
    }

    [Fact]
    public async Task Tick_CreatesScheduledRunForItsLogicalDate_WhenTriggerFires()
    {
        // Every second, on the real clock: the armed trigger fires within the test.
        var dag = Dag("every_second", [Step("a")]) with { Schedule = Schedule("* * * * * *", CronFormat.IncludeSeconds) };
        using var h = await SchedulingHarness.CreateAsync(dag);
        h.Time.SetUtcNow(DateTimeOffset.UtcNow);
        using var service = Service(h);

        await service.StartAsync(CancellationToken.None);
        List<DagRunRecord> runs;
        try
        {
            var until = DateTime.UtcNow.AddSeconds(20);
            while ((runs = await RunsOfAsync(h, "every_second")).Count == 0 && DateTime.UtcNow < until) await Task.Delay(50);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }

        var run = Assert.Single(runs.Take(1));
        Assert.Equal(RunTriggers.Schedule, run.TriggeredBy);
        Assert.Equal(0, run.LogicalDate.Millisecond);
        Assert.Equal(RunBuilder.RunIdFor(RunTriggers.Schedule, run.LogicalDate), run.RunId);
        Assert.Equal("a", Assert.Single(await h.Store.ListTasksAsync(run.DagId, run.RunId, CancellationToken.None)).TaskId);
    }
}
