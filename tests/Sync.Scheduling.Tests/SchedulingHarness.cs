using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sync.Dags;
using Sync.Execution;
using Sync.Metadata;
using Sync.Scheduling.Tests.Doubles;
using Sync.Storage;

namespace Sync.Scheduling.Tests;

/// <summary>
/// The scheduling core wired as the host wires it, over a real SQLite metadata store in a temp folder, with a fake
/// clock, a recording job queue (jobs run when the test says) and a scripted executor.
/// </summary>
internal sealed class SchedulingHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    private SchedulingHarness(string folder, SchedulerOptions options, DagDefinition[] dags)
    {
        Folder = folder;
        Options = options;
        Store = new SqliteMetadataStore(Path.Combine(folder, "metadata.db"), Time);
        Registry = new FixedDagRegistry(dags);
        Runs = new RunCreator(Store, Signal, Time, NullLogger<RunCreator>.Instance);
        StateMachine = new RunStateMachine(Store, Registry, Queue, Microsoft.Extensions.Options.Options.Create(options), Time, NullLogger<RunStateMachine>.Instance);
        PlanStep = new TablePlanStep(Store, _ => new FileObjectStore(), NullLogger<TablePlanStep>.Instance);
        Runner = NewRunner();
        Operations = new DagOperations(Store, Registry, Runs, Signal);
    }

    public string Folder { get; }
    public FakeTimeProvider Time { get; } = new(Start);
    public SchedulerOptions Options { get; }
    public SqliteMetadataStore Store { get; }
    public FixedDagRegistry Registry { get; }
    public RecordingTaskQueue Queue { get; } = new();
    public ScriptedExecutor Executor { get; } = new();
    public SchedulerSignal Signal { get; } = new();
    public RunCreator Runs { get; }
    public RunStateMachine StateMachine { get; }
    public TablePlanStep PlanStep { get; }
    public TaskAttemptRunner Runner { get; }
    public DagOperations Operations { get; }

    public static async Task<SchedulingHarness> CreateAsync(params DagDefinition[] dags) => await CreateAsync(new SchedulerOptions(), dags);

    public static async Task<SchedulingHarness> CreateAsync(SchedulerOptions options, params DagDefinition[] dags)
    {
        var folder = Path.Combine(Path.GetTempPath(), "sync-tests", "scheduling-" + Guid.NewGuid().ToString("N"));
        var harness = new SchedulingHarness(folder, options, dags);
        await harness.Store.InitializeAsync(CancellationToken.None);
        return harness;
    }

    /// <summary>A second runner over the same store, as another replica has (or a restarted orchestrator, with its own executor).</summary>
    public TaskAttemptRunner NewRunner(ITaskExecutor? executor = null) =>
        new(Store, executor ?? Executor, PlanStep, Signal, Microsoft.Extensions.Options.Options.Create(Options), Time, NullLogger<TaskAttemptRunner>.Instance);

    public async Task<DagRunRecord> CreateRunAsync(string dagId, DateTimeOffset? logicalDate = null, string trigger = RunTriggers.Schedule)
    {
        var dag = Registry.Find(dagId) ?? throw new ArgumentException($"no DAG {dagId}", nameof(dagId));
        return await Runs.TryCreateAsync(dag, logicalDate ?? Start, trigger, null, CancellationToken.None)
            ?? throw new InvalidOperationException($"{dagId} already has a run for {logicalDate}");
    }

    public Task<bool> AdvanceAsync() => StateMachine.AdvanceAsync(CancellationToken.None);

    /// <summary>Runs every job enqueued so far (as Hangfire workers would), one after another; returns them.</summary>
    public async Task<IReadOnlyList<QueuedJob>> RunJobsAsync()
    {
        var jobs = Queue.TakePending();
        foreach (var job in jobs) await Runner.RunAsync(job.DagId, job.RunId, job.TaskId, job.Attempt, CancellationToken.None);
        return jobs;
    }

    /// <summary>Passes and jobs until nothing changes any more (retries need the clock moved by the test).</summary>
    public async Task SettleAsync(int maxRounds = 100)
    {
        for (var round = 0; round < maxRounds; round++)
        {
            var changed = await AdvanceAsync();
            var jobs = await RunJobsAsync();
            if (!changed && jobs.Count == 0) return;
        }
        throw new InvalidOperationException($"the runs did not settle within {maxRounds} rounds");
    }

    public async Task<TaskInstanceRecord> TaskAsync(DagRunRecord run, string taskId) =>
        await Store.GetTaskAsync(run.DagId, run.RunId, taskId, CancellationToken.None)
        ?? throw new InvalidOperationException($"{run.RunId} has no task {taskId}");

    public async Task<IReadOnlyDictionary<string, TaskState>> StatesAsync(DagRunRecord run) =>
        (await Store.ListTasksAsync(run.DagId, run.RunId, CancellationToken.None)).ToDictionary(t => t.TaskId, t => t.State, StringComparer.Ordinal);

    public async Task<DagRunRecord> RunAsync(DagRunRecord run) =>
        await Store.GetRunAsync(run.DagId, run.RunId, CancellationToken.None) ?? throw new InvalidOperationException($"no run {run.RunId}");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder)) Directory.Delete(Folder, true);
    }
}
