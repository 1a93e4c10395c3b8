using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sync.Tasks;

namespace Sync.Execution.Local;

/// <summary>
/// Runs each attempt as a child process of the orchestrator: the worker with <c>task run --spec -</c>, the spec on
/// stdin, stdout and stderr into the attempt's log file, the last stdout line read as the result. The embedded
/// default executor (quickstart, a single machine); the same spec runs the same way in a Kubernetes pod.
/// </summary>
public sealed class LocalProcessExecutor : ITaskExecutor
{
    public const string ExecutorName = "local";

    // errno values Process.Start reports for a command that cannot run at all
    private const int ENOENT = 2;
    private const int EACCES = 13;
    private const int ENOEXEC = 8;

    private readonly IReadOnlyList<string> _command;
    private readonly LocalExecutorOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Lazy<Task<TaskOutcome>>> _running = new(StringComparer.Ordinal);

    public LocalProcessExecutor(LocalExecutorOptions options, ILogger<LocalProcessExecutor>? logger = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _command = options.ResolveWorkerCommand(Environment.GetEnvironmentVariable);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public string Name => ExecutorName;

    public async Task<TaskOutcome> RunAsync(TaskLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        // A second call for an attempt this process is running (a duplicate job) waits for the same child.
        var lazy = _running.GetOrAdd(launch.AttemptKey, _ => new Lazy<Task<TaskOutcome>>(() => RunProcessAsync(launch, cancellationToken)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (lazy.Value.IsCompleted) _running.TryRemove(new KeyValuePair<string, Lazy<Task<TaskOutcome>>>(launch.AttemptKey, lazy));
        }
    }

    /// <summary>Where an attempt's log is written.</summary>
    public string LogPathOf(TaskSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Path.Combine(_options.LogFolder, Safe(spec.DagId), Safe(spec.RunId), Safe(spec.TaskId), $"attempt_{spec.Attempt}.log");
    }

    private async Task<TaskOutcome> RunProcessAsync(TaskLaunch launch, CancellationToken cancellationToken)
    {
        var logPath = LogPathOf(launch.Spec);
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var pidPath = logPath + ".pid";
        if (AttemptProcessFile.KillIfAlive(pidPath))
            _logger.LogWarning("{Attempt}: stopped the worker left running by an earlier orchestrator before running the attempt again", launch.AttemptKey);

        var start = new ProcessStartInfo(_command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in _command.Skip(1)) start.ArgumentList.Add(arg);
        foreach (var arg in new[] { "task", "run", "--spec", "-" }) start.ArgumentList.Add(arg);
        foreach (var (key, value) in _options.Environment) start.Environment[key] = value;
        foreach (var (key, value) in launch.Environment) start.Environment[key] = value;

        await using var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false)) { AutoFlush = true };
        var logLock = new object();
        void Log(string line)
        {
            lock (logLock) log.WriteLine(line);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            Log($"could not start {_command[0]}: {ex.Message}");
            // A worker that is not there or not executable is a setting to fix (Sync:Local:WorkerCommand): retries
            // would fail alike, so the attempt fails for good; anything else (e.g. out of processes) may pass later.
            var permanent = ex is System.ComponentModel.Win32Exception { NativeErrorCode: ENOENT or EACCES or ENOEXEC };
            return new TaskOutcome
            {
                ExitCode = permanent ? ExitCodes.Permanent : ExitCodes.Retryable,
                Error = $"could not start the worker '{_command[0]}': {ex.Message}",
                LogLocation = logPath,
            };
        }
        AttemptProcessFile.Write(pidPath, process);
        _logger.LogInformation("{Attempt}: worker pid {Pid}, log {Log}", launch.AttemptKey, process.Id, logPath);

        string? lastLine = null;
        var stdout = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
            {
                Log(line);
                if (line.Length > 0) lastLine = line;
            }
        }, CancellationToken.None);
        var stderr = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line) Log(line);
        }, CancellationToken.None);

        try
        {
            await process.StandardInput.WriteAsync(TaskJson.Serialize(launch.Spec)).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The worker exited before reading its spec; its exit code and log say why.
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(launch.Timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = !cancellationToken.IsCancellationRequested;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            Log(timedOut ? $"killed: the attempt ran longer than its timeout of {launch.Timeout}" : "killed: the orchestrator is stopping");
        }
        await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        AttemptProcessFile.Delete(pidPath);
        cancellationToken.ThrowIfCancellationRequested();

        var result = ParseResult(lastLine);
        var exit = process.ExitCode;
        return new TaskOutcome
        {
            ExitCode = timedOut ? ExitCodes.Retryable : exit,
            TimedOut = timedOut,
            Result = result,
            LogLocation = logPath,
            Error = timedOut ? $"timed out after {launch.Timeout}"
                : exit == ExitCodes.Success ? null
                : result?.Error ?? $"worker exited with {exit}; see {logPath}",
        };
    }

    private static TaskResult? ParseResult(string? line)
    {
        if (line is null || !line.StartsWith('{')) return null;
        try
        {
            return TaskJson.Deserialize<TaskResult>(line);
        }
        catch (JsonException)
        {
            return null; // a command's own output, not a result line
        }
    }

    /// <summary>A DAG, run or task id as one path segment (run ids hold ':' which is fine; '/' and '..' are not).</summary>
    private static string Safe(string id)
    {
        var chars = id.Select(c => c is '/' or '\\' or '\0' ? '_' : c).ToArray();
        var name = new string(chars);
        return name is "." or ".." ? "_" + name : name;
    }
}
