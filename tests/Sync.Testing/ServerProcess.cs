using System.Diagnostics;
using System.Text;

namespace Sync.Testing;

/// <summary>A server child process whose output is kept for error messages and which is killed with the test run.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    // The test host is often killed rather than let exit (so ProcessExit never runs): the server then runs in a
    // process group of its own under a watchdog shell that kills the whole group once this process is gone.
    private const string Watchdog = """
        parent=$1; shift
        setsid "$@" &
        child=$!
        trap 'kill -9 -$child 2>/dev/null; exit 0' TERM INT
        while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
        kill -9 -"$child" 2>/dev/null
        wait "$child"
        """;

    public ServerProcess(string fileName, IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in new[] { "-c", Watchdog, "sync-test-server", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), fileName }) psi.ArgumentList.Add(a);
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env != null) foreach (var kv in env) psi.Environment[kv.Key] = kv.Value;
        _process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {fileName}");
        _process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    /// <summary>The watchdog shell's pid (the server's parent).</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output { get { lock (_output) return _output.ToString(); } }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                // SIGTERM lets the watchdog kill the server's whole process group (a tree kill misses processes
                // re-parented once their parent dies first, such as postgres under runuser)
                using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                    term.WaitForExit(5_000);
                if (!_process.WaitForExit(10_000)) _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    /// <summary>Runs a short command to completion; throws with its output when it fails.</summary>
    public static string Run(string fileName, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit((int)(timeout ?? TimeSpan.FromMinutes(2)).TotalMilliseconds))
        {
            p.Kill(true);
            throw new TimeoutException($"{fileName} {string.Join(' ', psi.ArgumentList)} timed out");
        }
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{fileName} {string.Join(' ', psi.ArgumentList)} exited {p.ExitCode}: {stdout.Result}{stderr.Result}");
        return stdout.Result;
    }
}
