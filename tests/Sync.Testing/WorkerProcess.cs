using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sync.Tasks;

namespace Sync.Testing;

/// <summary>
/// The built worker (<c>dotnet Sync.Worker.dll ...</c>, copied beside the tests) as a child process, the way the
/// local executor runs it: stdout (whose last line is a task's result) and stderr are kept apart and together.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process) => _process = process;

    public static string WorkerDll => Path.Combine(AppContext.BaseDirectory, "Sync.Worker.dll");

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Stdout { get { lock (_output) return _stdout.ToString(); } }

    public string Stderr { get { lock (_output) return _stderr.ToString(); } }

    /// <summary>Both streams interleaved as they arrived, for failure messages.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Starts the worker with <paramref name="args"/>.</summary>
    public static WorkerProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(WorkerDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env != null) foreach (var kv in env) psi.Environment[kv.Key] = kv.Value;
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the worker");
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => worker.Append(worker._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => worker.Append(worker._stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Starts <c>task run</c> on <paramref name="spec"/>, written to a file under <paramref name="folder"/>.</summary>
    public static WorkerProcess StartTask(TaskSpec spec, string folder, IReadOnlyDictionary<string, string> env)
    {
        Directory.CreateDirectory(folder);
        var specFile = Path.Combine(folder, $"{spec.TaskId}-{Guid.NewGuid():N}.json");
        File.WriteAllText(specFile, TaskJson.Serialize(spec));
        return Start(["task", "run", "--spec", specFile], env);
    }

    /// <summary>Runs a worker command to its end: exit code, stdout and stderr (two minutes at most).</summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var worker = Start(args);
        await worker.WaitOrThrowAsync(TimeSpan.FromMinutes(2), string.Join(' ', args));
        return (worker.ExitCode, worker.Stdout, worker.Stderr);
    }

    /// <summary>Runs a worker command to its end: exit code and both streams.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string> env, TimeSpan timeout)
    {
        var list = args.ToList();
        using var worker = Start(list, env);
        await worker.WaitOrThrowAsync(timeout, string.Join(' ', list));
        return (worker.ExitCode, worker.Output);
    }

    /// <summary>Runs a step to its end: exit code, the parsed result line, and stderr.</summary>
    public static async Task<(int Exit, TaskResult Result, string Stderr)> RunTaskAsync(TaskSpec spec, string folder, IReadOnlyDictionary<string, string> env,
        TimeSpan? timeout = null)
    {
        using var worker = StartTask(spec, folder, env);
        await worker.WaitOrThrowAsync(timeout ?? TimeSpan.FromMinutes(5), spec.TaskId);
        return (worker.ExitCode, worker.Result(), worker.Stderr);
    }

    /// <summary>The TaskResult of the last stdout line.</summary>
    public TaskResult Result()
    {
        var last = Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
            ?? throw new InvalidOperationException($"the worker printed nothing on stdout; stderr: {Stderr}");
        return TaskJson.Deserialize<TaskResult>(last);
    }

    /// <summary>SIGKILL: the process dies at once, without cleanup, flush or lease release, like a pod whose node is lost.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>Sends a POSIX signal by name (STOP/CONT to freeze or resume the process).</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit(5_000);
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

    /// <summary>Waits until <paramref name="condition"/> holds or the process exits; false on timeout or exit.</summary>
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
                Signal("CONT"); // a frozen process would not die of the kill until resumed
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

    private async Task WaitOrThrowAsync(TimeSpan timeout, string what)
    {
        if (!await WaitForExitAsync(timeout)) throw new TimeoutException($"worker {what} did not finish in {timeout}: {Output}");
    }

    private void Append(StringBuilder stream, string? line)
    {
        if (line == null) return;
        lock (_output)
        {
            stream.AppendLine(line);
            _output.AppendLine(line);
        }
    }
}
