using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sync.Metadata;

namespace Sync.Scheduling;

/// <summary>
/// Drives <see cref="RunStateMachine"/>: a pass whenever something changed and at least every poll interval. On start
/// it hands every queued or running attempt to the job queue again — after a crash the in-memory job storage is
/// empty, and an attempt left running is adopted by its executor, never launched a second time at once.
/// </summary>
public sealed class SchedulerService(
    IMetadataStore store,
    RunStateMachine stateMachine,
    ITaskQueue queue,
    SchedulerSignal signal,
    IOptions<SchedulerOptions> options,
    ILogger<SchedulerService> logger) : BackgroundService
{
    private readonly SchedulerOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RecoverAsync(stoppingToken).ConfigureAwait(false);
        var lastPass = System.Diagnostics.Stopwatch.StartNew();
        while (!stoppingToken.IsCancellationRequested)
        {
            // A pass reads every unfinished run's tasks; spacing passes lets one pass take many finished tasks'
            // successors at once instead of one pass per finished task.
            var wait = _options.MinPassInterval - lastPass.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            lastPass.Restart();
            bool changed;
            try
            {
                changed = await stateMachine.AdvanceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // A metadata store outage must not stop scheduling for good: log it, wait a poll interval, try again.
                logger.LogError(ex, "scheduler pass failed; retrying in {Interval}", _options.PollInterval);
                changed = false;
            }
            if (changed) continue;
            try
            {
                await signal.WaitAsync(_options.PollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var unfinished = await store.ListTasksInStatesAsync([TaskState.Queued, TaskState.Running], cancellationToken).ConfigureAwait(false);
        foreach (var task in unfinished)
        {
            // Queued: the next attempt; running: the same attempt, which the job adopts.
            var attempt = task.State == TaskState.Queued ? task.Attempt + 1 : task.Attempt;
            queue.Enqueue(task.DagId, task.RunId, task.TaskId, attempt);
        }
        if (unfinished.Count > 0)
            logger.LogInformation("recovered {Count} queued or running task attempts from the metadata store", unfinished.Count);
    }
}
