using System.Diagnostics;
using System.Globalization;

namespace Sync.Execution.Local;

/// <summary>
/// The pid and start time of an attempt's worker process, kept beside its log. After an orchestrator crash the child
/// may still be running; the restarted orchestrator finds it here and stops it before the attempt runs again, so one
/// attempt never runs twice at once. The start time guards against a recycled pid.
/// </summary>
internal static class AttemptProcessFile
{
    public static void Write(string path, Process process) =>
        File.WriteAllText(path, $"{process.Id} {StartTicks(process.Id)}");

    public static void Delete(string path) => File.Delete(path);

    /// <summary>Kills the process the file names if it is still the same process; returns whether one was killed.</summary>
    public static bool KillIfAlive(string path)
    {
        if (!File.Exists(path)) return false;
        var parts = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid)) return false;
        if (StartTicks(pid) is not { } ticks || ticks.ToString(CultureInfo.InvariantCulture) != parts[1]) return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
            return true;
        }
        catch (ArgumentException)
        {
            return false; // exited meanwhile
        }
    }

    /// <summary>Field 22 of /proc/PID/stat: start time in clock ticks since boot (null when the process is gone).</summary>
    private static long? StartTicks(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        // The command name (field 2) may hold spaces; fields after it start past the last ')'.
        var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return rest.Length > 19 && long.TryParse(rest[19], CultureInfo.InvariantCulture, out var t) ? t : null;
    }
}
