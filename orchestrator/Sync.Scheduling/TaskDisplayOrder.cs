using Sync.Metadata;

namespace Sync.Scheduling;

/// <summary>
/// The order in which a run's tasks are shown to people (API, dashboard, CLI): every task after its upstream tasks,
/// ties by id with numbers compared as numbers, so a table reads <c>plan</c>, <c>start</c>, <c>batch_1</c> …
/// <c>batch_10</c>, <c>finish</c> instead of the store's alphabetical <c>finish</c> before <c>plan</c>.
/// </summary>
public static class TaskDisplayOrder
{
    // batch_007 and batch_7 compare equal as numbers; a set must still keep both
    private static readonly IComparer<string> IdsApart = Comparer<string>.Create((x, y) =>
        TaskIdComparer.Instance.Compare(x, y) is var c and not 0 ? c : string.CompareOrdinal(x, y));

    public static IReadOnlyList<TaskInstanceRecord> Sort(IReadOnlyList<TaskInstanceRecord> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var byId = tasks.ToDictionary(t => t.TaskId, StringComparer.Ordinal);
        // upstream ids outside the list (never expected) do not hold a task back
        var waitingOn = tasks.ToDictionary(t => t.TaskId, t => t.Upstream.Count(u => byId.ContainsKey(u) && u != t.TaskId), StringComparer.Ordinal);
        var downstream = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            foreach (var up in task.Upstream.Where(u => byId.ContainsKey(u) && u != task.TaskId))
            {
                if (!downstream.TryGetValue(up, out var list)) downstream[up] = list = [];
                list.Add(task.TaskId);
            }
        }
        var ready = new SortedSet<string>(waitingOn.Where(w => w.Value == 0).Select(w => w.Key), IdsApart);
        var sorted = new List<TaskInstanceRecord>(tasks.Count);
        while (ready.Count > 0)
        {
            var next = ready.Min!;
            ready.Remove(next);
            sorted.Add(byId[next]);
            if (!downstream.TryGetValue(next, out var after)) continue;
            foreach (var id in after)
            {
                if (--waitingOn[id] == 0) ready.Add(id);
            }
        }
        // a cycle cannot be stored (DAGs are checked on load), but if one were, its tasks still show, at the end
        if (sorted.Count < tasks.Count)
        {
            var shown = sorted.Select(t => t.TaskId).ToHashSet(StringComparer.Ordinal);
            sorted.AddRange(tasks.Where(t => !shown.Contains(t.TaskId)).OrderBy(t => t.TaskId, IdsApart));
        }
        return sorted;
    }
}
