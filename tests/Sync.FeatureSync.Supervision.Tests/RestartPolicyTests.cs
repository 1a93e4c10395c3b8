using Microsoft.Extensions.Time.Testing;
using Sync.Execution;
using Sync.Tasks;

namespace Sync.FeatureSync.Supervision.Tests;

/// <summary>The restart backoff on a fake clock: doubling, the cap, the reset after a healthy stretch, no restart after exit 0.</summary>
public sealed class RestartPolicyTests
{
    private static readonly FeatureSyncSupervisorOptions Options = new()
    {
        StateConnection = "state",
        MinRestartBackoff = TimeSpan.FromSeconds(2),
        MaxRestartBackoff = TimeSpan.FromSeconds(30),
        HealthyAfter = TimeSpan.FromMinutes(5),
    };

    private static readonly TaskOutcome Killed = new() { ExitCode = 137, Error = "worker exited with 137" };

    [Fact]
    public void AfterExit_DoublesTheWait_WhenAttemptsKeepFailingQuickly()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
        var policy = new RestartPolicy(Options);
        var record = Running(attempt: 1, startedAt: clock.GetUtcNow(), failures: 0);
        var waits = new List<TimeSpan>();
        for (int i = 0; i < 6; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            var ended = policy.AfterExit(record, Killed, clock.GetUtcNow());
            Assert.Equal(SupervisionStates.Waiting, ended.State);
            waits.Add(ended.NextStartAt!.Value - clock.GetUtcNow());
            clock.SetUtcNow(ended.NextStartAt.Value);
            record = ended with { State = SupervisionStates.Running, Attempt = ended.Attempt + 1, StartedAt = clock.GetUtcNow() };
        }
        Assert.Equal([2, 4, 8, 16, 30, 30], waits.Select(w => w.TotalSeconds).ToList());
    }

    [Fact]
    public void AfterExit_StartsTheBackoffOver_WhenTheAttemptRanHealthyLongEnough()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
        var policy = new RestartPolicy(Options);
        var record = Running(attempt: 5, startedAt: clock.GetUtcNow(), failures: 4);

        clock.Advance(Options.HealthyAfter);
        var ended = policy.AfterExit(record, Killed, clock.GetUtcNow());

        Assert.Equal(1, ended.ConsecutiveFailures);
        Assert.Equal(clock.GetUtcNow() + Options.MinRestartBackoff, ended.NextStartAt);
        Assert.Equal(137, ended.LastExitCode);
        Assert.Equal("worker exited with 137", ended.LastError);
    }

    [Fact]
    public void AfterExit_KeepsGrowing_WhenTheAttemptFailedBeforeTheHealthyStretch()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
        var policy = new RestartPolicy(Options);
        var record = Running(attempt: 3, startedAt: clock.GetUtcNow(), failures: 2);

        clock.Advance(Options.HealthyAfter - TimeSpan.FromSeconds(1));
        var ended = policy.AfterExit(record, Killed, clock.GetUtcNow());

        Assert.Equal(3, ended.ConsecutiveFailures);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(8), ended.NextStartAt);
    }

    [Fact]
    public void AfterExit_IsDoneAndNotRestarted_WhenTheWorkerExitedZero()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
        var policy = new RestartPolicy(Options);
        var record = Running(attempt: 2, startedAt: clock.GetUtcNow(), failures: 1);

        clock.Advance(TimeSpan.FromSeconds(3));
        var ended = policy.AfterExit(record, new TaskOutcome { ExitCode = ExitCodes.Success }, clock.GetUtcNow());

        Assert.Equal(SupervisionStates.Done, ended.State);
        Assert.Null(ended.NextStartAt);
        Assert.Null(ended.LastError);
        Assert.Equal(0, ended.ConsecutiveFailures);
        Assert.Equal(clock.GetUtcNow(), ended.EndedAt);
    }

    [Fact]
    public void AfterExit_WaitsTheCap_WhenTheWorkerSaysRetryingCannotHelp()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
        var policy = new RestartPolicy(Options);
        var record = Running(attempt: 1, startedAt: clock.GetUtcNow(), failures: 0);

        var ended = policy.AfterExit(record, new TaskOutcome { ExitCode = ExitCodes.Permanent, Error = "bad configuration" }, clock.GetUtcNow());

        Assert.Equal(SupervisionStates.Waiting, ended.State);
        Assert.Equal(clock.GetUtcNow() + Options.MaxRestartBackoff, ended.NextStartAt);
        Assert.Equal("bad configuration", ended.LastError);
    }

    [Fact]
    public void AfterExit_SaysOomKilled_WhenTheExecutorReportsIt()
    {
        var policy = new RestartPolicy(Options);
        var now = new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
        var ended = policy.AfterExit(Running(1, now, 0), new TaskOutcome { ExitCode = 137, OomKilled = true, Error = "pod p was killed" }, now);
        Assert.StartsWith("OOMKilled: ", ended.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NamesTheSetting_WhenTheCapIsBelowTheFirstWait()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new RestartPolicy(new FeatureSyncSupervisorOptions
        {
            MinRestartBackoff = TimeSpan.FromSeconds(10),
            MaxRestartBackoff = TimeSpan.FromSeconds(5),
        }));
        Assert.Contains("Sync:FeatureSync:MaxRestartBackoff", ex.Message, StringComparison.Ordinal);
    }

    private static SupervisionRecord Running(int attempt, DateTimeOffset startedAt, int failures) => new()
    {
        JobId = "user_features",
        Partition = 0,
        Attempt = attempt,
        State = SupervisionStates.Running,
        StartedAt = startedAt,
        ConsecutiveFailures = failures,
    };
}
