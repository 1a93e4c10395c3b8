using System.Collections.Specialized;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;
using Quartz.Impl;
using Quartz.Spi;
using Sync.Dags;
using Sync.Metadata;

namespace Sync.Scheduling;

/// <summary>
/// Turns DAG schedules into runs. Quartz fires one trigger per scheduled DAG at its next tick (misfires fire at
/// once) and the job creates the run for that tick and arms the following one. The ticks themselves come from the
/// DAG's <see cref="DagSchedule"/> (Unix cron in the DAG's time zone, as the dashboard shows it) rather than from a
/// Quartz cron expression, whose dialect differs (day-of-week numbering, the '?' rule). Every replica runs this;
/// the store's unique (DAG, logical date) makes one run per tick however many fire.
/// </summary>
public sealed class CronScheduleService(
    IDagRegistry registry,
    IMetadataStore store,
    RunCreator runs,
    TimeProvider time,
    ILogger<CronScheduleService> logger) : IHostedService, IDisposable
{
    /// <summary>Catch-up never creates more runs than this for one DAG at once (a start date years back).</summary>
    public const int MaxCatchupRuns = 1000;

    private const string TickKey = "tick";
    private readonly SemaphoreSlim _sync = new(1, 1);
    private IScheduler? _scheduler;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var properties = new NameValueCollection
        {
            ["quartz.scheduler.instanceName"] = "sync-cron-" + Guid.NewGuid().ToString("N"),
            ["quartz.threadPool.maxConcurrency"] = "2",
        };
        _scheduler = await new StdSchedulerFactory(properties).GetScheduler(cancellationToken).ConfigureAwait(false);
        _scheduler.JobFactory = new TickJobFactory(this);
        await RegisterNewDagsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var dag in registry.Dags) await CatchUpAsync(dag, cancellationToken).ConfigureAwait(false);
        await ArmAllAsync(cancellationToken).ConfigureAwait(false);
        registry.Changed += OnRegistryChanged;
        await _scheduler.Start(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        registry.Changed -= OnRegistryChanged;
        if (_scheduler is not null) await _scheduler.Shutdown(waitForJobsToComplete: false, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _sync.Dispose();

    /// <summary>The tick the DAG's trigger is armed for, if it has one (for tests and the dashboard).</summary>
    public async Task<DateTimeOffset?> NextTickAsync(string dagId)
    {
        if (_scheduler is null) return null;
        var trigger = await _scheduler.GetTrigger(new TriggerKey(dagId, "dags")).ConfigureAwait(false);
        return trigger?.GetNextFireTimeUtc();
    }

    private void OnRegistryChanged(object? sender, DagRegistryChangedEventArgs e) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await RegisterNewDagsAsync(CancellationToken.None).ConfigureAwait(false);
                foreach (var dag in registry.Dags) await CatchUpAsync(dag, CancellationToken.None).ConfigureAwait(false);
                await ArmAllAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "re-arming DAG schedules after a reload failed");
            }
        });

    /// <summary>
    /// Records DAGs seen for the first time before any tick or catch-up can make them a run, so one whose file says
    /// <c>paused_on_creation: true</c> waits for an operator's unpause.
    /// </summary>
    private async Task RegisterNewDagsAsync(CancellationToken cancellationToken)
    {
        foreach (var dag in registry.Dags)
        {
            if (await store.RegisterDagAsync(dag.Id, dag.PausedOnCreation, cancellationToken).ConfigureAwait(false) && dag.PausedOnCreation)
                logger.LogInformation("{Dag}: new DAG, paused on creation", dag.Id);
        }
    }

    /// <summary>Arms a trigger for every scheduled DAG and drops those of DAGs that are gone or lost their schedule.</summary>
    private async Task ArmAllAsync(CancellationToken cancellationToken)
    {
        var scheduler = _scheduler!;
        await _sync.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var wanted = registry.Dags.Where(d => d.Schedule is not null).ToDictionary(d => d.Id, StringComparer.Ordinal);
            foreach (var key in await scheduler.GetJobKeys(Quartz.Impl.Matchers.GroupMatcher<JobKey>.GroupEquals("dags"), cancellationToken).ConfigureAwait(false))
            {
                if (!wanted.ContainsKey(key.Name)) await scheduler.DeleteJob(key, cancellationToken).ConfigureAwait(false);
            }
            foreach (var dag in wanted.Values)
            {
                var existing = await scheduler.GetTrigger(new TriggerKey(dag.Id, "dags"), cancellationToken).ConfigureAwait(false);
                var next = dag.Schedule!.NextAfter(time.GetUtcNow());
                if (existing?.GetNextFireTimeUtc() is { } armed && next is { } n && armed == n) continue;
                await ArmAsync(dag.Id, next, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _sync.Release();
        }
    }

    private async Task ArmAsync(string dagId, DateTimeOffset? tick, CancellationToken cancellationToken)
    {
        var scheduler = _scheduler!;
        var jobKey = new JobKey(dagId, "dags");
        if (tick is not { } at)
        {
            await scheduler.DeleteJob(jobKey, cancellationToken).ConfigureAwait(false);
            return;
        }
        var job = JobBuilder.Create<DagTickJob>().WithIdentity(jobKey).UsingJobData(TickKey, at.ToUnixTimeMilliseconds()).Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(new TriggerKey(dagId, "dags"))
            .StartAt(at)
            .WithSimpleSchedule(s => s.WithMisfireHandlingInstructionFireNow())
            .Build();
        await scheduler.ScheduleJob(job, [trigger], replace: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs for the ticks missed while no orchestrator was running, for DAGs with catchup on.</summary>
    private async Task CatchUpAsync(DagDefinition dag, CancellationToken cancellationToken)
    {
        if (!dag.Catchup || dag.Schedule is not { } schedule) return;
        if (await store.IsPausedAsync(dag.Id, cancellationToken).ConfigureAwait(false)) return;
        var latest = await store.GetLatestScheduledRunAsync(dag.Id, cancellationToken).ConfigureAwait(false);
        var from = latest?.LogicalDate ?? dag.StartDate?.AddTicks(-1) ?? time.GetUtcNow();
        var created = 0;
        foreach (var tick in schedule.TicksBetween(from, time.GetUtcNow()).Take(MaxCatchupRuns))
        {
            if (await runs.TryCreateAsync(dag, tick, RunTriggers.Catchup, null, cancellationToken).ConfigureAwait(false) is not null) created++;
        }
        if (created > 0) logger.LogInformation("{Dag}: caught up {Count} missed ticks", dag.Id, created);
    }

    /// <summary>One tick fired: create its run (unless paused), arm the next tick.</summary>
    private async Task OnTickAsync(string dagId, DateTimeOffset tick, CancellationToken cancellationToken)
    {
        var dag = registry.Find(dagId);
        if (dag?.Schedule is not { } schedule) return;
        if (await store.IsPausedAsync(dagId, cancellationToken).ConfigureAwait(false))
            logger.LogInformation("{Dag}: paused, no run for {Tick:O}", dagId, tick);
        else
            await runs.TryCreateAsync(dag, tick, RunTriggers.Schedule, null, cancellationToken).ConfigureAwait(false);

        // Behind schedule (a long pause, a stalled host): with catchup every missed tick fires in turn, otherwise skip to the next one ahead.
        var now = time.GetUtcNow();
        var next = schedule.NextAfter(tick);
        if (next is { } n && n < now && !dag.Catchup) next = schedule.NextAfter(now);
        await _sync.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ArmAsync(dagId, next, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sync.Release();
        }
    }

    [DisallowConcurrentExecution]
    private sealed class DagTickJob(CronScheduleService owner) : IJob
    {
        public Task Execute(IJobExecutionContext context)
        {
            var tick = DateTimeOffset.FromUnixTimeMilliseconds(context.MergedJobDataMap.GetLong(TickKey));
            return owner.OnTickAsync(context.JobDetail.Key.Name, tick, context.CancellationToken);
        }
    }

    private sealed class TickJobFactory(CronScheduleService owner) : IJobFactory
    {
        public IJob NewJob(TriggerFiredBundle bundle, IScheduler scheduler) => new DagTickJob(owner);

        public void ReturnJob(IJob job)
        {
        }
    }
}
