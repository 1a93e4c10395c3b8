namespace Sync.Scheduling.Tests.Doubles;

/// <summary>The job queue as the state machine sees it: records every enqueued attempt; tests run them by hand.</summary>
internal sealed class RecordingTaskQueue : ITaskQueue
{
    private readonly object _lock = new();
    private readonly List<QueuedJob> _all = [];
    private readonly Queue<QueuedJob> _pending = new();

    public void Enqueue(string dagId, string runId, string taskId, int attempt)
    {
        var job = new QueuedJob(dagId, runId, taskId, attempt);
        lock (_lock)
        {
            _all.Add(job);
            _pending.Enqueue(job);
        }
    }

    /// <summary>Every job ever enqueued, in order.</summary>
    public IReadOnlyList<QueuedJob> All
    {
        get
        {
            lock (_lock) return [.. _all];
        }
    }

    /// <summary>Removes and returns the jobs not yet taken.</summary>
    public IReadOnlyList<QueuedJob> TakePending()
    {
        lock (_lock)
        {
            var jobs = _pending.ToList();
            _pending.Clear();
            return jobs;
        }
    }
}

internal sealed record QueuedJob(string DagId, string RunId, string TaskId, int Attempt);
