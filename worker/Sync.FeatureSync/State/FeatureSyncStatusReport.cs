using System.Globalization;
using System.Text;
using Sync.FeatureSync.Jobs;

namespace Sync.FeatureSync.State;

/// <summary>
/// The text of <c>feature-sync status</c>: one line per partition task (partition, mode, position, rows, lag,
/// last update, state, last error), then per job a summary line saying whether all its tasks are running.
/// </summary>
public static class FeatureSyncStatusReport
{
    public static string Render(IReadOnlyList<FeatureSyncJob> jobs, IReadOnlyList<PartitionTaskStatus> tasks)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(tasks);
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        if (jobs.Count == 0) return "no feature-sync jobs\n";
        text.AppendLine(string.Format(inv, "{0,-24} {1,4} {2,-12} {3,-9} {4,-36} {5,12} {6,9} {7,-20} {8}",
            "JOB", "PART", "MODE", "STATE", "POSITION", "ROWS", "LAG", "UPDATED (UTC)", "LAST ERROR"));
        foreach (var t in tasks)
        {
            text.AppendLine(string.Format(inv, "{0,-24} {1,4} {2,-12} {3,-9} {4,-36} {5,12} {6,9} {7,-20} {8}",
                t.JobId, t.Partition, t.Phase, t.State, t.Position?.ToString() ?? "-", t.RowsSynced,
                t.Lag is { } lag ? JobText.FormatDuration(lag) : "-",
                t.UpdatedAtUtc.ToString("yyyy-MM-dd HH:mm:ss", inv),
                t.LastError is { } e ? OneLine(e) : ""));
        }
        foreach (var job in jobs) text.AppendLine(Summary(job, tasks.Where(t => t.JobId == job.JobId).ToList()));
        return text.ToString();
    }

    /// <summary>"job X: all 4 tasks running", "job X: done", or which tasks are not running and why.</summary>
    public static string Summary(FeatureSyncJob job, IReadOnlyList<PartitionTaskStatus> tasks)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(tasks);
        string head = $"job {job.JobId} ({JobText.ModeName(job.Mode)}, {job.Table} → {string.Join(", ", job.Destinations)}):";
        if (tasks.Count > 0 && tasks.All(t => t.State == TaskPhases.StateDone)) return $"{head} done, all {tasks.Count} tasks finished";
        var running = tasks.Count(t => t.State == TaskPhases.StateRunning);
        if (running == tasks.Count) return $"{head} all {tasks.Count} tasks running";
        var others = tasks.Where(t => t.State != TaskPhases.StateRunning)
            .Select(t => $"p{t.Partition} {t.State}{(t.LastError is { } e ? $" ({OneLine(e)})" : "")}");
        return $"{head} NOT all running: {running} of {tasks.Count} running; {string.Join("; ", others)}";
    }

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length > 160 ? line[..157] + "..." : line;
    }
}
