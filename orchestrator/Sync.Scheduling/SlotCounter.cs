using Sync.Metadata;

namespace Sync.Scheduling;

/// <summary>
/// The concurrency caps of one pass: slots per pool, per DAG, and per parallel group within a run (the batches of
/// one table), counted from the tasks that hold a slot (queued or running) when the pass starts.
/// </summary>
internal sealed class SlotCounter
{
    private readonly SchedulerOptions _options;
    private readonly Dictionary<string, int> _pools = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _dags = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Dag, string Run, string Group), int> _groups = new();

    public SlotCounter(SchedulerOptions options, IEnumerable<TaskInstanceRecord> holding)
    {
        _options = options;
        foreach (var task in holding) Add(task, +1);
    }

    public bool TryTake(TaskInstanceRecord task)
    {
        if (_pools.GetValueOrDefault(task.Policy.Pool) >= _options.SlotsOf(task.Policy.Pool)) return false;
        if (_dags.GetValueOrDefault(task.DagId) >= _options.MaxActiveTasksPerDag) return false;
        if (task.Policy is { ParallelGroup: { } group, MaxParallelInGroup: > 0 } policy
            && _groups.GetValueOrDefault((task.DagId, task.RunId, group)) >= policy.MaxParallelInGroup) return false;
        Add(task, +1);
        return true;
    }

    public void Release(TaskInstanceRecord task) => Add(task, -1);

    private void Add(TaskInstanceRecord task, int delta)
    {
        _pools[task.Policy.Pool] = _pools.GetValueOrDefault(task.Policy.Pool) + delta;
        _dags[task.DagId] = _dags.GetValueOrDefault(task.DagId) + delta;
        if (task.Policy.ParallelGroup is { } group)
            _groups[(task.DagId, task.RunId, group)] = _groups.GetValueOrDefault((task.DagId, task.RunId, group)) + delta;
    }
}
