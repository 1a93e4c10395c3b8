using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sync.Metadata;
using Sync.Scheduling.Tests.Doubles;
using static Sync.Scheduling.Tests.TestDags;

namespace Sync.Scheduling.Tests;

public sealed class SchedulerServiceTests
{
    [Fact]
    public async Task StartAsync_EnqueuesQueuedAndRunningAttemptsAgain_WhenOrchestratorRestarts()
    {
        using var h = await SchedulingHarness.CreateAsync(Dag("restart", [Step("queued"), Step("running"), Step("later", "queued")]));
        var run = await h.CreateRunAsync("restart");
        await h.AdvanceAsync();
        var running = await h.TaskAsync(run, "running");
        Assert.True(await h.Store.TryUpdateTaskAsync(running with { State = TaskState.Running, Attempt = 1 }, TaskState.Queued, 0, CancellationToken.None));

        // The restarted orchestrator: its job storage (in memory) starts empty.
        var queue = new RecordingTaskQueue();
        var options = Options.Create(h.Options);
        var stateMachine = new RunStateMachine(h.Store, h.Registry, queue, options, h.Time, NullLogger<RunStateMachine>.Instance);
        using var service = new SchedulerService(h.Store, stateMachine, queue, h.Signal, options, NullLogger<SchedulerService>.Instance);
        await service.StartAsync(CancellationToken.None);
        try
        {
            var until = DateTime.UtcNow.AddSeconds(20);
            while (queue.All.Count < 2 && DateTime.UtcNow < until) await Task.Delay(20);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }

        // Queued: its next attempt; running: the same attempt, for the executor to adopt. Nothing else.
        Assert.Equal([("queued", 1), ("running", 1)], queue.All.Select(j => (j.TaskId, j.Attempt)).Order());
        Assert.Equal(TaskState.None, (await h.TaskAsync(run, "later")).State);
    }
}
