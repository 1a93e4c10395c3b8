using System.Diagnostics;
using System.Globalization;
using Sync.Tasks;

namespace Sync.Execution.Local.Tests;

public sealed class LocalProcessExecutorTests : IDisposable
{
    private readonly WorkerScripts _scripts = new();

    [Fact]
    public async Task RunAsync_ParsesResultLine_WhenWorkerSucceeds()
    {
        var specCopy = _scripts.PathOf("spec.json");
        var executor = _scripts.Executor("""
            cat > "$SPEC_COPY"
            echo "args: $*"
            echo "loading 42 rows"
            echo '{"status":"success","rows":42,"bytes":1000,"files":2,"seconds":0.5}'
            """, new Dictionary<string, string> { ["SPEC_COPY"] = specCopy });
        var launch = WorkerScripts.Launch();

        var outcome = await executor.RunAsync(launch, CancellationToken.None);

        Assert.True(outcome.Succeeded);
        Assert.Equal(ExitCodes.Success, outcome.ExitCode);
        Assert.Null(outcome.Error);
        Assert.Equal(("success", 42L, 1000L, 2), (outcome.Result!.Status, outcome.Result.Rows, outcome.Result.Bytes, outcome.Result.Files));
        Assert.Equal(executor.LogPathOf(launch.Spec), outcome.LogLocation);
        var log = await File.ReadAllLinesAsync(outcome.LogLocation!);
        Assert.Contains("args: task run --spec -", log);
        Assert.Contains("loading 42 rows", log);
        // The worker read the very spec it was launched with from stdin.
        Assert.Equal(TaskJson.Serialize(launch.Spec), TaskJson.Serialize(TaskJson.Deserialize<TaskSpec>(await File.ReadAllTextAsync(specCopy))));
        Assert.False(File.Exists(outcome.LogLocation + ".pid"));
    }

    [Fact]
    public async Task RunAsync_ReportsPermanentExitAndResultError_WhenWorkerExitsWith2()
    {
        var executor = _scripts.Executor("""
            cat >/dev/null
            echo '{"status":"failed","error":"column order_id is missing in file part-0.orc"}'
            exit 2
            """);

        var outcome = await executor.RunAsync(WorkerScripts.Launch(), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(ExitCodes.Permanent, outcome.ExitCode);
        Assert.False(outcome.TimedOut);
        Assert.Equal("failed", outcome.Result!.Status);
        Assert.Equal("column order_id is missing in file part-0.orc", outcome.Error);
    }

    [Fact]
    public async Task RunAsync_ReportsExitCodeAndLog_WhenWorkerExitsWith1WithoutResult()
    {
        var executor = _scripts.Executor("""
            cat >/dev/null
            echo "connection refused" >&2
            exit 1
            """);

        var outcome = await executor.RunAsync(WorkerScripts.Launch(), CancellationToken.None);

        Assert.Equal(ExitCodes.Retryable, outcome.ExitCode);
        Assert.Null(outcome.Result);
        Assert.Equal($"worker exited with 1; see {outcome.LogLocation}", outcome.Error);
    }

    [Fact]
    public async Task RunAsync_WritesStdoutAndStderrToLog_WhenWorkerPrintsBoth()
    {
        var executor = _scripts.Executor("""
            cat >/dev/null
            echo "out line 1"
            echo "err line 1" >&2
            echo "out line 2"
            echo "err line 2" >&2
            """);
        var launch = WorkerScripts.Launch(attempt: 3);

        var outcome = await executor.RunAsync(launch, CancellationToken.None);

        var log = await File.ReadAllLinesAsync(outcome.LogLocation!);
        Assert.Equal(["err line 1", "err line 2", "out line 1", "out line 2"], log.Order(StringComparer.Ordinal));
        Assert.EndsWith(Path.Combine("example_orders", "manual__2026-11-23T02:00:00Z", "orders.batch_1", "attempt_3.log"), outcome.LogLocation, StringComparison.Ordinal);
        Assert.Null(outcome.Result); // an ordinary last line is no result
    }

    [Fact]
    public async Task RunAsync_KillsWholeProcessTreeAndReportsTimeout_WhenAttemptOutlivesTimeout()
    {
        var grandchild = _scripts.PathOf("grandchild.pid");
        var executor = _scripts.Executor("""
            cat >/dev/null
            sleep 60 &
            echo $! > "$GRANDCHILD"
            echo "waiting"
            wait
            """, new Dictionary<string, string> { ["GRANDCHILD"] = grandchild });
        var clock = Stopwatch.StartNew();

        // The grandchild holds the log pipes too: if it survived, the executor would wait for them for a minute.
        var outcome = await executor.RunAsync(WorkerScripts.Launch(timeout: TimeSpan.FromSeconds(1)), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
        Assert.True(outcome.TimedOut);
        Assert.False(outcome.Succeeded);
        Assert.Equal(ExitCodes.Retryable, outcome.ExitCode);
        Assert.Equal("timed out after 00:00:01", outcome.Error);
        var sleepPid = int.Parse((await File.ReadAllTextAsync(grandchild)).Trim(), CultureInfo.InvariantCulture);
        Assert.True(await WorkerScripts.WaitUntilGoneAsync(sleepPid, TimeSpan.FromSeconds(10)), $"grandchild sleep {sleepPid} still runs");
        var log = await File.ReadAllTextAsync(outcome.LogLocation!);
        Assert.Contains("waiting", log, StringComparison.Ordinal);
        Assert.Contains("killed: the attempt ran longer than its timeout of 00:00:01", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_KillsWorkerAndThrows_WhenOrchestratorStops()
    {
        var pidFile = _scripts.PathOf("worker.pid");
        var executor = _scripts.Executor("""
            cat >/dev/null
            echo $$ > "$PID_FILE"
            exec sleep 60
            """, new Dictionary<string, string> { ["PID_FILE"] = pidFile });
        using var stopping = new CancellationTokenSource();

        var running = executor.RunAsync(WorkerScripts.Launch(), stopping.Token);
        var pid = await ReadPidWhenWrittenAsync(pidFile);
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(await WorkerScripts.WaitUntilGoneAsync(pid, TimeSpan.FromSeconds(10)), $"worker {pid} still runs");
    }

    [Fact]
    public async Task RunAsync_StartsOneProcess_WhenSameAttemptRunsTwiceAtOnce()
    {
        var starts = _scripts.PathOf("starts.txt");
        var executor = _scripts.Executor("""
            cat >/dev/null
            echo "started $$" >> "$STARTS"
            sleep 1
            echo '{"status":"success","rows":7}'
            """, new Dictionary<string, string> { ["STARTS"] = starts });
        var launch = WorkerScripts.Launch();

        var outcomes = await Task.WhenAll(executor.RunAsync(launch, CancellationToken.None), executor.RunAsync(launch with { }, CancellationToken.None));

        Assert.Single(await File.ReadAllLinesAsync(starts));
        Assert.All(outcomes, o => Assert.Equal(7, o.Result!.Rows));

        // Once finished, the same attempt key is free again (a later replay is the runner's business, not a join).
        await executor.RunAsync(launch, CancellationToken.None);
        Assert.Equal(2, (await File.ReadAllLinesAsync(starts)).Length);
    }

    [Fact]
    public async Task RunAsync_RecordsWorkerInPidFile_WhileAttemptRuns()
    {
        var pidFile = _scripts.PathOf("worker.pid");
        var release = _scripts.PathOf("release");
        var executor = _scripts.Executor("""
            cat >/dev/null
            echo $$ > "$PID_FILE"
            while [ ! -e "$RELEASE" ]; do sleep 0.05; done
            """, new Dictionary<string, string> { ["PID_FILE"] = pidFile, ["RELEASE"] = release });
        var launch = WorkerScripts.Launch();

        var running = executor.RunAsync(launch, CancellationToken.None);
        var pid = await ReadPidWhenWrittenAsync(pidFile);
        var pidPath = executor.LogPathOf(launch.Spec) + ".pid";
        Assert.Equal($"{pid} {WorkerScripts.StartTicks(pid)}", await File.ReadAllTextAsync(pidPath));
        await File.WriteAllTextAsync(release, "");
        await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(File.Exists(pidPath)); // a finished attempt leaves nothing for a restart to kill
    }

    [Fact]
    public async Task RunAsync_KillsOrphanFromPidFile_BeforeRunningAttemptAgain()
    {
        var orphan = WorkerScripts.StartOrphanSleep(60);
        try
        {
            var executor = _scripts.Executor("""
                cat >/dev/null
                echo '{"status":"success"}'
                """);
            var launch = WorkerScripts.Launch();
            // What a crashed orchestrator leaves beside the attempt's log: its worker's pid and start time.
            var logPath = executor.LogPathOf(launch.Spec);
            Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
            await File.WriteAllTextAsync(logPath + ".pid", $"{orphan} {WorkerScripts.StartTicks(orphan)}");

            var outcome = await executor.RunAsync(launch, CancellationToken.None);

            Assert.True(outcome.Succeeded);
            Assert.True(await WorkerScripts.WaitUntilGoneAsync(orphan, TimeSpan.FromSeconds(10)), $"orphan {orphan} still runs");
            Assert.False(File.Exists(logPath + ".pid"));
        }
        finally
        {
            WorkerScripts.KillIfRunning(orphan);
        }
    }

    [Fact]
    public async Task RunAsync_LeavesProcessAlone_WhenPidFileNamesRecycledPid()
    {
        var stranger = WorkerScripts.StartOrphanSleep(60);
        try
        {
            var executor = _scripts.Executor("""
                cat >/dev/null
                echo '{"status":"success"}'
                """);
            var launch = WorkerScripts.Launch();
            var logPath = executor.LogPathOf(launch.Spec);
            Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
            // Same pid, other start time: the old worker is gone and the pid now belongs to someone else.
            await File.WriteAllTextAsync(logPath + ".pid", $"{stranger} {WorkerScripts.StartTicks(stranger) - 1}");

            var outcome = await executor.RunAsync(launch, CancellationToken.None);

            Assert.True(outcome.Succeeded);
            Assert.True(WorkerScripts.IsAlive(stranger), $"process {stranger} was killed though its start time differs");
        }
        finally
        {
            WorkerScripts.KillIfRunning(stranger);
        }
    }

    [Fact]
    public async Task RunAsync_ReportsClearError_WhenWorkerBinaryIsMissing()
    {
        var missing = _scripts.PathOf("no-such-worker");
        var executor = new LocalProcessExecutor(new LocalExecutorOptions { WorkerCommand = [missing], LogFolder = _scripts.LogFolder });

        var outcome = await executor.RunAsync(WorkerScripts.Launch(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(outcome.Succeeded);
        Assert.Equal(ExitCodes.Permanent, outcome.ExitCode);
        Assert.StartsWith($"could not start the worker '{missing}': ", outcome.Error, StringComparison.Ordinal);
        Assert.Contains($"could not start {missing}", await File.ReadAllTextAsync(outcome.LogLocation!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FailsForGood_WhenWorkerIsNotExecutable()
    {
        var plain = _scripts.PathOf("not-executable");
        await File.WriteAllTextAsync(plain, "#!/bin/sh\nexit 0\n");
        var executor = new LocalProcessExecutor(new LocalExecutorOptions { WorkerCommand = [plain], LogFolder = _scripts.LogFolder });

        var outcome = await executor.RunAsync(WorkerScripts.Launch(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExitCodes.Permanent, outcome.ExitCode);
        Assert.Contains(plain, outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveWorkerCommand_NamesBothSettings_WhenNeitherIsSet()
    {
        var options = new LocalExecutorOptions();

        var error = Assert.Throws<InvalidOperationException>(() => options.ResolveWorkerCommand(_ => null));

        Assert.Contains("Sync:Local:WorkerCommand", error.Message, StringComparison.Ordinal);
        Assert.Contains(LocalExecutorOptions.WorkerDllVariable, error.Message, StringComparison.Ordinal);
        Assert.Equal(["dotnet", "/app/worker.dll"], options.ResolveWorkerCommand(name => name == LocalExecutorOptions.WorkerDllVariable ? "/app/worker.dll" : null));
    }

    [Fact]
    public void LogPathOf_KeepsIdsInsideLogFolder_WhenTheyHoldSlashes()
    {
        var executor = _scripts.Executor("exit 0");
        var spec = WorkerScripts.Launch().Spec with { DagId = "..", TaskId = "../../etc/passwd" };

        var path = Path.GetFullPath(executor.LogPathOf(spec));

        Assert.StartsWith(Path.GetFullPath(_scripts.LogFolder) + Path.DirectorySeparatorChar, path, StringComparison.Ordinal);
        Assert.Equal("attempt_1.log", Path.GetFileName(path));
    }

    private static async Task<int> ReadPidWhenWrittenAsync(string path)
    {
        for (var i = 0; i < 1500; i++)
        {
            if (File.Exists(path) && (await File.ReadAllTextAsync(path)).Trim() is { Length: > 0 } text)
                return int.Parse(text, CultureInfo.InvariantCulture);
            await Task.Delay(20);
        }
        throw new TimeoutException($"the worker never wrote {path}");
    }

    public void Dispose() => _scripts.Dispose();
}
