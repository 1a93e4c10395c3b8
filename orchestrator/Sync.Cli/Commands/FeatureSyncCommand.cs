using System.CommandLine;
using System.Globalization;
using Sync.Api.Contracts;

namespace Sync.Cli.Commands;

/// <summary>
/// `feature-sync [JOB]`: what the dashboard's Feature sync page shows, from the server: one row per partition task
/// (mode, state, position, rows, lag, last update, the supervisor's attempt, restarts, next restart and last exit,
/// last error), each job's summary line, and for all jobs whether every task is running.
/// </summary>
public static class FeatureSyncCommand
{
    public static Command Build(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var jobId = new Argument<string?>("JOB") { Description = "Job id (every job when omitted)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("feature-sync", "Show the feature-sync jobs: each partition task with its worker, and whether all are running") { jobId };
        runner.Bind(command, async context =>
        {
            IReadOnlyList<FeatureSyncJobStatus> jobs;
            string? summary = null;
            if (context.ParseResult.GetValue(jobId) is { } id)
            {
                var job = await context.Client.GetFeatureSyncJobAsync(id, context.CancellationToken).ConfigureAwait(false);
                if (context.Json)
                {
                    await context.WriteJsonAsync(job).ConfigureAwait(false);
                    return;
                }
                jobs = [job];
            }
            else
            {
                var status = await context.Client.GetFeatureSyncAsync(context.CancellationToken).ConfigureAwait(false);
                if (context.Json)
                {
                    await context.WriteJsonAsync(status).ConfigureAwait(false);
                    return;
                }
                jobs = status.Jobs;
                summary = status.Summary;
            }
            if (jobs.Count > 0)
            {
                TableWriter.Write(context.Output,
                    ["JOB", "PART", "MODE", "STATE", "POSITION", "ROWS", "LAG", "UPDATED", "ATTEMPT", "RESTARTS", "NEXT RESTART", "LAST EXIT", "LAST ERROR"],
                    jobs.SelectMany(j => j.Tasks.Select(t => Row(j, t))));
                foreach (var job in jobs) await context.Output.WriteLineAsync(job.Summary).ConfigureAwait(false);
            }
            if (summary is not null) await context.Output.WriteLineAsync(summary).ConfigureAwait(false);
        });
        return command;
    }

    private static IReadOnlyList<string> Row(FeatureSyncJobStatus job, FeatureSyncTaskStatus task)
    {
        var worker = task.Supervisor;
        return
        [
            job.JobId,
            task.Partition.ToString(CultureInfo.InvariantCulture),
            task.Mode,
            task.State,
            task.Position ?? Formatting.Empty,
            Formatting.Number(task.Rows),
            Formatting.Seconds(task.LagSeconds),
            Formatting.Time(task.UpdatedAt),
            worker is null ? Formatting.Empty : $"{worker.Attempt.ToString(CultureInfo.InvariantCulture)} {worker.State}",
            worker is null ? Formatting.Empty : worker.Restarts.ToString(CultureInfo.InvariantCulture),
            worker is { State: "waiting" } ? Formatting.Time(worker.NextRestartAt) : Formatting.Empty,
            worker?.LastExitCode is { } exit ? exit.ToString(CultureInfo.InvariantCulture) : Formatting.Empty,
            OneLine(task.LastError ?? worker?.LastExitError),
        ];
    }

    private static string OneLine(string? text)
    {
        if (string.IsNullOrEmpty(text)) return Formatting.Empty;
        var line = text.ReplaceLineEndings(" ");
        return line.Length > 120 ? line[..117] + "..." : line;
    }
}
