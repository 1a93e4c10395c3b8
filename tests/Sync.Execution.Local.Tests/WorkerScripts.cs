using System.Diagnostics;
using System.Globalization;
using Sync.Tasks;

namespace Sync.Execution.Local.Tests;

/// <summary>
/// A temp folder holding /bin/sh scripts that stand in for the worker (the executor appends <c>task run --spec -</c>
/// and writes the spec to stdin, as it does for the real one), and the executor's log folder.
/// </summary>
internal sealed class WorkerScripts : IDisposable
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "sync-tests", "local-" + Guid.NewGuid().ToString("N"));

    public WorkerScripts() => Directory.CreateDirectory(Folder);

    public string LogFolder => Path.Combine(Folder, "logs");

    /// <summary>Writes a script and returns an executor that runs it as the worker.</summary>
    public LocalProcessExecutor Executor(string script, Dictionary<string, string>? environment = null)
    {
        var path = Path.Combine(Folder, "worker-" + Guid.NewGuid().ToString("N")[..8] + ".sh");
        File.WriteAllText(path, script);
        return new LocalProcessExecutor(new LocalExecutorOptions
        {
            WorkerCommand = ["/bin/sh", path],
            LogFolder = LogFolder,
            Environment = environment ?? new Dictionary<string, string>(StringComparer.Ordinal),
        });
    }

    public string PathOf(string name) => Path.Combine(Folder, name);

    public static TaskLaunch Launch(string taskId = "orders.batch_1", int attempt = 1, TimeSpan? timeout = null) => new()
    {
        Spec = new TaskSpec { Kind = TaskKinds.Command, DagId = "example_orders", RunId = "manual__2026-11-23T02:00:00Z", TaskId = taskId, Attempt = attempt, Command = ["echo", "hi"] },
        Timeout = timeout ?? TimeSpan.FromSeconds(30),
    };

    /// <summary>Whether the process runs (a zombie waiting to be reaped has finished running).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Field 22 of /proc/PID/stat, the start time the executor's pid file records.</summary>
    public static long StartTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Starts <c>sleep</c> as an orphan, the way a worker outlives a crashed orchestrator: its parent shell exits at
    /// once, so it is no child of this process.
    /// </summary>
    public static int StartOrphanSleep(int seconds)
    {
        using var shell = Process.Start(new ProcessStartInfo("/bin/sh")
        {
            ArgumentList = { "-c", $"sleep {seconds} >/dev/null 2>&1 & echo $!" },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var pid = int.Parse(shell.StandardOutput.ReadLine()!, CultureInfo.InvariantCulture);
        shell.WaitForExit();
        return pid;
    }

    /// <summary>Waits (bounded) until the process no longer runs.</summary>
    public static async Task<bool> WaitUntilGoneAsync(int pid, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (IsAlive(pid))
        {
            if (DateTime.UtcNow > until) return false;
            await Task.Delay(20);
        }
        return true;
    }

    public static void KillIfRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (ArgumentException)
        {
            // already gone
        }
        catch (InvalidOperationException)
        {
            // exited meanwhile
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, true);
    }
}
