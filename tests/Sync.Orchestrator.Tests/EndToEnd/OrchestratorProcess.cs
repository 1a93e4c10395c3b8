using System.Diagnostics;
using System.Text;
using Sync.Api.Contracts;
using Sync.Cli;
using Sync.Testing;

namespace Sync.Orchestrator.Tests.EndToEnd;

/// <summary>
/// The built orchestrator (<c>dotnet Sync.Orchestrator.dll</c>, copied next to the tests by the project reference)
/// as a child process on a free loopback port, configured through <c>Sync__…</c> environment variables as an operator
/// would. Its output is kept for failure messages; <see cref="KillHard"/> is a <c>kill -9</c> of the orchestrator
/// alone, leaving its workers and pods behind as a crash would.
/// </summary>
internal sealed class OrchestratorProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _name;

    private OrchestratorProcess(Process process, Uri address, string name)
    {
        _process = process;
        Address = address;
        _name = name;
        Api = new SyncApiClient(address, TimeSpan.FromSeconds(30));
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The orchestrator as built with the tests, run from its own output folder (its own deps and runtimeconfig).</summary>
    public static string Dll => BuiltProgram(Path.Combine("orchestrator", "Sync.Orchestrator"), "Sync.Orchestrator.dll");

    /// <summary>
    /// The worker as built with the tests; the local executor and the fake kubelet start it. Not the copy next to the
    /// tests: that folder resolves shared libraries against ASP.NET Core, which the worker does not run on.
    /// </summary>
    public static string WorkerDll => BuiltProgram(Path.Combine("worker", "Sync.Worker"), "Sync.Worker.dll");

    /// <summary>A project's build output in the same configuration as the tests (bin/Release/net10.0 under the project).</summary>
    private static string BuiltProgram(string project, string dll)
    {
        var outputOfTests = Path.GetRelativePath(Path.Combine(RepoPaths.Root, "tests", "Sync.Orchestrator.Tests"), AppContext.BaseDirectory);
        var path = Path.GetFullPath(Path.Combine(RepoPaths.Root, project, outputOfTests, dll));
        return File.Exists(path) ? path : throw new FileNotFoundException($"{dll} is not built at {path} (dotnet build Sync.sln -c <the tests' configuration>)", path);
    }

    public Uri Address { get; }

    public SyncApiClient Api { get; }

    public HttpClient Http { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Starts the orchestrator with the given <c>Sync__…</c> settings and waits until <c>/readyz</c> answers 200.</summary>
    public static async Task<OrchestratorProcess> StartAsync(string name, IReadOnlyDictionary<string, string> settings, int? port = null)
    {
        var address = new Uri($"http://127.0.0.1:{port ?? FreePort.Next()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Dll)!,
        };
        start.ArgumentList.Add(Dll);
        start.Environment["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/');
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Request logs would bury what the orchestrator itself says.
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        foreach (var (key, value) in settings) start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start dotnet {Dll}");
        var orchestrator = new OrchestratorProcess(process, address, name);
        process.OutputDataReceived += (_, e) => orchestrator.Append(e.Data);
        process.ErrorDataReceived += (_, e) => orchestrator.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await orchestrator.WaitReadyAsync().ConfigureAwait(false);
        }
        catch
        {
            await orchestrator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return orchestrator;
    }

    /// <summary>Waits for the run to end (success or failed); throws with the tasks and the output when it does not in time.</summary>
    public async Task<DagRunSummary> WaitForRunAsync(string dagId, string runId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        DagRunSummary? run = null;
        while (DateTime.UtcNow < deadline)
        {
            ThrowIfExited();
            run = await GetRunAsync(dagId, runId).ConfigureAwait(false);
            if (run.State is "success" or "failed") return run;
            await Task.Delay(250).ConfigureAwait(false);
        }
        throw new TimeoutException($"run {dagId}/{runId} is {run?.State} after {timeout.TotalSeconds:0}s; tasks: {await DescribeTasksAsync(dagId, runId).ConfigureAwait(false)}\n{Tail()}");
    }

    public async Task<DagRunSummary> GetRunAsync(string dagId, string runId)
    {
        using var response = await Http.GetAsync(ApiRoutes.Run(dagId, runId)).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {ApiRoutes.Run(dagId, runId)}: {(int)response.StatusCode} {body}");
        return System.Text.Json.JsonSerializer.Deserialize<DagRunSummary>(body, ApiJson.Options)!;
    }

    /// <summary>The tasks of a run as one line each (state, attempt, error), for failure messages.</summary>
    public async Task<string> DescribeTasksAsync(string dagId, string runId)
    {
        try
        {
            var tasks = await Api.ListTasksAsync(dagId, runId, CancellationToken.None).ConfigureAwait(false);
            var lines = tasks.Select(t => $"{t.TaskId}={t.State}#{t.Attempt}{(t.Error is null ? "" : " (" + t.Error + ")")}").ToList();
            // The log of an attempt that failed says why better than its error line.
            foreach (var failed in tasks.Where(t => t.State is "failed" or "up_for_retry" && t.LogLocation is { } log && File.Exists(log)))
            {
                var log = await File.ReadAllTextAsync(failed.LogLocation!).ConfigureAwait(false);
                lines.Add($"\n--- log of {failed.TaskId} ---\n{(log.Length > 3000 ? log[^3000..] : log)}");
            }
            return string.Join("; ", lines);
        }
        catch (Exception ex) when (ex is HttpRequestException or SyncApiException or SyncServerUnreachableException or TaskCanceledException)
        {
            return $"(tasks not readable: {ex.Message})";
        }
    }

    /// <summary>SIGKILL to the orchestrator process only: no shutdown hooks run, children live on.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit(10_000);
    }

    /// <summary>The end of the orchestrator's output, for failure messages.</summary>
    public string Tail(int chars = 6000)
    {
        var output = Output;
        return $"--- {_name} output (last {Math.Min(chars, output.Length)} chars) ---\n" + (output.Length > chars ? output[^chars..] : output);
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        Http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }

    private void ThrowIfExited()
    {
        if (_process.HasExited) throw new InvalidOperationException($"the orchestrator {_name} exited with {_process.ExitCode}\n{Tail()}");
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        string last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            ThrowIfExited();
            try
            {
                using var response = await Http.GetAsync("/readyz").ConfigureAwait(false);
                if (response.IsSuccessStatusCode) return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}";
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            await Task.Delay(200).ConfigureAwait(false);
        }
        throw new TimeoutException($"the orchestrator {_name} at {Address} was not ready within {ReadyTimeout.TotalSeconds:0}s (last: {last})\n{Tail()}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
