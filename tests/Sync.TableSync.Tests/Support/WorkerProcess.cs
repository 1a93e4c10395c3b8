using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sync.Tasks;

namespace Sync.TableSync.Tests.Support;

/// <summary>
/// The built worker (<c>dotnet Sync.Worker.dll task run --spec FILE</c>) as a child process, the way the local executor
/// runs a step: stdout (whose last line is the result) and stderr are kept apart for assertions.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private WorkerProcess(Process process) => _process = process;

    public static string WorkerDll => Path.Combine(AppContext.BaseDirectory, "Sync.Worker.dll");

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Starts <c>task run</c> on <paramref name="spec"/>, written to a file under <paramref name="folder"/>.</summary>
    public static WorkerProcess StartTask(TaskSpec spec, string folder, IReadOnlyDictionary<string, string> env)
    {
        Directory.CreateDirectory(folder);
        var specFile = Path.Combine(folder, $"{spec.TaskId}-{Guid.NewGuid():N}.json");
        File.WriteAllText(specFile, TaskJson.Serialize(spec));
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { WorkerDll, "task", "run", "--spec", specFile }) psi.ArgumentList.Add(a);
        foreach (var kv in env) psi.Environment[kv.Key] = kv.Value;
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the worker");
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (worker._stdout) worker._stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (worker._stderr) worker._stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Runs a step to its end: exit code, the parsed result line, and stderr.</summary>
    public static async Task<(int Exit, TaskResult Result, string Stderr)> RunTaskAsync(TaskSpec spec, string folder, IReadOnlyDictionary<string, string> env,
        TimeSpan? timeout = null)
    {
        using var worker = StartTask(spec, folder, env);
        var limit = timeout ?? TimeSpan.FromMinutes(5);
        if (!await worker.WaitForExitAsync(limit))
        {
            throw new TimeoutException($"worker {spec.TaskId} did not finish in {limit}: {worker.Stderr}");
        }
        return (worker.ExitCode, worker.Result(), worker.Stderr);
    }

    /// <summary>The TaskResult of the last stdout line.</summary>
    public TaskResult Result()
    {
        var last = Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
            ?? throw new InvalidOperationException($"the worker printed nothing on stdout; stderr: {Stderr}");
        return TaskJson.Deserialize<TaskResult>(last);
    }

    /// <summary>SIGKILL: the process dies at once, without cleanup, like a pod whose node is lost.</summary>
    public void Kill()
    {
        using (var kill = Process.Start("kill", ["-KILL", Id.ToString(CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit(5_000);
        }
        _process.WaitForExit(10_000);
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            _process.WaitForExit(); // drain the output readers
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds or the process exits; false on timeout.</summary>
    public async Task<bool> WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, int pollMilliseconds = 10)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (HasExited) return false;
            if (await condition()) return true;
            await Task.Delay(pollMilliseconds);
        }
        return false;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
    }
}
