using System.ComponentModel;
using System.Diagnostics;
using Sync.Tasks;

namespace Sync.Worker;

/// <summary>
/// Runs a plain DAG task (<see cref="TaskKinds.Command"/>): its argv as a child process sharing the worker's stdout and
/// stderr. Exit 0 is success, 2 is passed on as permanent, anything else (including a kill) is retryable.
/// </summary>
public static class CommandTask
{
    public static async Task<(int Exit, TaskResult Result)> RunAsync(TaskSpec spec, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var clock = Stopwatch.StartNew();
        if (spec.Command is not { Count: > 0 } argv)
        {
            return (ExitCodes.Permanent, new TaskResult { Status = "failed", Error = $"task {spec.TaskId}: command task without a command" });
        }
        var start = new ProcessStartInfo(argv[0]) { UseShellExecute = false };
        foreach (var arg in argv.Skip(1)) start.ArgumentList.Add(arg);
        foreach (var (key, value) in spec.Params ?? new Dictionary<string, string>()) start.Environment["SYNC_PARAM_" + key.ToUpperInvariant()] = value;
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception($"could not start {argv[0]}");
        }
        catch (Win32Exception ex)
        {
            return (ExitCodes.Permanent, new TaskResult { Status = "failed", Error = $"task {spec.TaskId}: cannot start '{argv[0]}': {ex.Message}" });
        }
        using (process)
        {
            try
            {
                await process.WaitForExitAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return (ExitCodes.Retryable, new TaskResult { Status = "retryable", Seconds = clock.Elapsed.TotalSeconds, Error = $"task {spec.TaskId}: cancelled" });
            }
            var code = process.ExitCode;
            var exit = code switch { 0 => ExitCodes.Success, ExitCodes.Permanent => ExitCodes.Permanent, _ => ExitCodes.Retryable };
            return (exit, new TaskResult
            {
                Status = exit == ExitCodes.Success ? "success" : exit == ExitCodes.Permanent ? "failed" : "retryable",
                Seconds = clock.Elapsed.TotalSeconds,
                Error = exit == ExitCodes.Success ? null : $"'{string.Join(' ', argv)}' exited with {code}",
            });
        }
    }
}
