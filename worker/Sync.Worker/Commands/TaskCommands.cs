using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Sync.TableSync;
using Sync.Tasks;

namespace Sync.Worker.Commands;

/// <summary>
/// `task run --spec FILE|-`: runs one table-sync step, plain command or feature-sync worker from its TaskSpec JSON (a file, or stdin for '-'). Logs go to
/// stderr; the TaskResult JSON is the last stdout line; the exit code is 0 done, 1 retryable, 2 permanent.
/// The warehouse connection comes from <see cref="ConnectionResolver"/>, object store settings from the environment
/// (SYNC_S3_*, SYNC_OSS_*, SYNC_STORAGE_*). SYNC_FAULT_AFTER_STATEMENT=N kills the process after the N-th DDL statement
/// of a start or finish step, or pauses it there with SYNC_FAULT_MODE=pause (fault tests only); SYNC_LOADER_MAX_STATEMENT_BYTES
/// caps the loader's statements.
/// </summary>
public static class TaskCommands
{
    public static Command Build()
    {
        var task = new Command("task", "Run orchestrator tasks");
        task.Subcommands.Add(BuildRun());
        return task;
    }

    private static Command BuildRun()
    {
        var spec = new Option<string?>("--spec") { Description = "TaskSpec JSON file, or '-' to read it from stdin" };
        var specJson = new Option<string?>("--spec-json") { Description = "TaskSpec JSON given inline (as the Kubernetes executor passes it)" };
        var run = new Command("run", "Run one task from its TaskSpec and print the TaskResult JSON as the last stdout line");
        run.Options.Add(spec);
        run.Options.Add(specJson);
        run.Validators.Add(r =>
        {
            if ((r.GetValue(spec) is null) == (r.GetValue(specJson) is null)) r.AddError("give exactly one of --spec FILE|- and --spec-json JSON");
        });
        run.SetAction(async (parse, ct) =>
        {
            using var loggerFactory = LoggerFactory.Create(b => b
                .SetMinimumLevel(LogLevel.Information)
                .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; })
                .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
            var (exit, result) = await RunAsync(parse.GetValue(spec), parse.GetValue(specJson), loggerFactory, ct).ConfigureAwait(false);
            // Dispose the logger first so every queued log line reaches stderr before the result line.
            loggerFactory.Dispose();
            await Console.Out.WriteLineAsync(TaskJson.Serialize(result)).ConfigureAwait(false);
            await Console.Out.FlushAsync(ct).ConfigureAwait(false);
            return exit;
        });
        return run;
    }

    private static async Task<(int Exit, TaskResult Result)> RunAsync(string? specPath, string? inlineJson, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        TaskSpec spec;
        try
        {
            var json = inlineJson
                ?? (specPath == "-"
                    ? await Console.In.ReadToEndAsync(ct).ConfigureAwait(false)
                    : await File.ReadAllTextAsync(specPath!, ct).ConfigureAwait(false));
            spec = TaskJson.Deserialize<TaskSpec>(json);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            var where = inlineJson != null ? "--spec-json" : specPath == "-" ? "stdin" : specPath;
            await Console.Error.WriteLineAsync($"cannot read the task spec from {where}: {ex.Message}").ConfigureAwait(false);
            return (ExitCodes.Permanent, new TaskResult { Status = "failed", Error = $"task spec {where}: {ex.Message}" });
        }
        if (spec.Kind == TaskKinds.Command) return await CommandTask.RunAsync(spec, ct).ConfigureAwait(false);
        if (spec.Kind == TaskKinds.FeatureSync) return await FeatureSyncTask.RunAsync(spec, loggerFactory, ct).ConfigureAwait(false);
        TableSyncOptions options;
        try
        {
            options = TableSyncOptions.FromEnvironment(Environment.GetEnvironmentVariable);
        }
        catch (TableSyncException ex)
        {
            await Console.Error.WriteLineAsync($"worker environment: {ex.Message}").ConfigureAwait(false);
            return (ExitCodes.Permanent, new TaskResult { Status = "failed", Error = ex.Message });
        }
        var runner = new TableSyncRunner(options, loggerFactory);
        return await runner.RunAsync(spec, ct).ConfigureAwait(false);
    }
}
