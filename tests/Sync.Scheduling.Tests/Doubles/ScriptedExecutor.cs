using System.Collections.Concurrent;
using Sync.Execution;

namespace Sync.Scheduling.Tests.Doubles;

/// <summary>
/// An executor whose outcomes are scripted per task id (in attempt order; success once the script runs out), and
/// which records every attempt it starts. Like the real executors it honours the <see cref="ITaskExecutor"/> contract:
/// a call for an attempt it is already running joins that attempt instead of starting a second one.
/// </summary>
internal sealed class ScriptedExecutor : ITaskExecutor
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<TaskLaunch, CancellationToken, Task<TaskOutcome>>>> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<TaskOutcome>>> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<TaskLaunch> _launches = new();
    private int _calls;

    public string Name => "scripted";

    /// <summary>Attempts started (joined calls not counted).</summary>
    public IReadOnlyList<TaskLaunch> Launches => [.. _launches];

    /// <summary>Calls of <see cref="RunAsync"/>, joined ones included.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public IReadOnlyList<TaskLaunch> LaunchesOf(string taskId) => _launches.Where(l => l.Spec.TaskId == taskId).ToList();

    /// <summary>The next attempts of <paramref name="taskId"/> end with these outcomes, in order.</summary>
    public void Script(string taskId, params TaskOutcome[] outcomes)
    {
        foreach (var outcome in outcomes) Script(taskId, (_, _) => Task.FromResult(outcome));
    }

    /// <summary>The next attempt of <paramref name="taskId"/> runs <paramref name="behaviour"/>.</summary>
    public void Script(string taskId, Func<TaskLaunch, CancellationToken, Task<TaskOutcome>> behaviour) =>
        _scripts.GetOrAdd(taskId, _ => new()).Enqueue(behaviour);

    public async Task<TaskOutcome> RunAsync(TaskLaunch launch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        var attempt = _inFlight.GetOrAdd(launch.AttemptKey, _ => new Lazy<Task<TaskOutcome>>(() => StartAsync(launch, cancellationToken)));
        try
        {
            return await attempt.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            if (attempt.Value.IsCompleted) _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<TaskOutcome>>>(launch.AttemptKey, attempt));
        }
    }

    private async Task<TaskOutcome> StartAsync(TaskLaunch launch, CancellationToken cancellationToken)
    {
        _launches.Enqueue(launch);
        await Task.Yield(); // a script that throws faults the attempt's task, as an async executor's would
        if (_scripts.TryGetValue(launch.Spec.TaskId, out var script) && script.TryDequeue(out var next)) return await next(launch, cancellationToken);
        return Outcomes.Success();
    }
}
