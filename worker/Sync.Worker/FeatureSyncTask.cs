using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.Running;
using Sync.FeatureSync.State;
using Sync.Storage;
using Sync.Tasks;

namespace Sync.Worker;

/// <summary>
/// Runs a <see cref="TaskKinds.FeatureSync"/> attempt: the job's partition tasks (or the one partition the spec names)
/// through <see cref="FeatureSyncRunner"/>, for as long as the job lasts. Exit 0 when the job is done (a full copy
/// caught up) or was deleted, 2 when it cannot run as configured, 1 for anything a restart may cure (state store or
/// source down, another copy took the lease, stopped by a signal).
/// </summary>
public static partial class FeatureSyncTask
{
    /// <summary>How often a running attempt checks that its job still exists (a deleted job stops its workers).</summary>
    public static readonly TimeSpan DeletionCheckInterval = TimeSpan.FromSeconds(2);

    public static async Task<(int Exit, TaskResult Result)> RunAsync(TaskSpec spec, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var clock = Stopwatch.StartNew();
        if (spec.FeatureSync is not { } fs || string.IsNullOrWhiteSpace(fs.Job))
            return Permanent(clock, $"task {spec.TaskId}: a feature-sync task needs featureSync.job");

        FeatureSyncRunOptions options;
        try
        {
            options = RunOptions(fs);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            return Permanent(clock, $"job {fs.Job}: bad feature-sync options: {ex.Message}");
        }
        string? stateConnection = new ConnectionResolver().TryResolve(fs.StateConnection);
        if (stateConnection is null)
            return Permanent(clock, $"job {fs.Job}: state connection '{fs.StateConnection}' is not configured (set {ConnectionResolver.EnvironmentVariableFor(fs.StateConnection)})");

        var logger = loggerFactory.CreateLogger(typeof(FeatureSyncTask));
        var store = new FeatureSyncStateStore(stateConnection, fs.StateDatabase ?? FeatureSyncStateStore.DefaultDatabase);
        try
        {
            await store.EnsureSchemaAsync(ct).ConfigureAwait(false);
            if (await store.GetJobAsync(fs.Job, ct).ConfigureAwait(false) is null)
                return Ended(clock, fs.Job, "deleted", $"job {fs.Job} does not exist in {store.Database} (deleted)", rows: 0);

            using var run = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var deletion = StopWhenDeletedAsync(store, fs.Job, run, logger);
            var runner = new FeatureSyncRunner(store, new ConnectionResolver().Resolve, ObjectStoreSettings.FromEnvironment(Environment.GetEnvironmentVariable), loggerFactory);
            FeatureSyncRunResult? result = null;
            try
            {
                result = await runner.RunAsync(fs.Job, options, run.Token).ConfigureAwait(false);
            }
            finally
            {
                await run.CancelAsync().ConfigureAwait(false);
                await deletion.ConfigureAwait(false);
            }
            ct.ThrowIfCancellationRequested();

            // Fenced or stopped because the job went away (its task rows vanish with it) is how a deleted job ends.
            if (await store.GetJobAsync(fs.Job, CancellationToken.None).ConfigureAwait(false) is null)
                return Ended(clock, fs.Job, "deleted", $"job {fs.Job} was deleted", rows: 0, Describe(result));
            long rows = await RowsSyncedAsync(store, fs, CancellationToken.None).ConfigureAwait(false);
            if (result.AllDone) return Ended(clock, fs.Job, "done", null, rows, Describe(result));
            string summary = Describe(result);
            if (result.AnyFailed)
                return (ExitCodes.Permanent, Result("failed", clock, rows, fs.Job, "failed", $"job {fs.Job}: a partition does not fit its source ({summary}); see the task's last error", summary));
            return (ExitCodes.Retryable, Result("retryable", clock, rows, fs.Job, "stopped", $"job {fs.Job}: stopped before it was done ({summary})", summary));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return (ExitCodes.Retryable, Result("retryable", clock, 0, fs.Job, "stopped", $"job {fs.Job}: stopped by a signal", null));
        }
        catch (FeatureSyncConfigurationException ex)
        {
            return Permanent(clock, $"job {fs.Job}: {ex.Message}");
        }
        catch (Exception ex) when (ex is MySqlException or IOException or TimeoutException or InvalidOperationException)
        {
            LogFailed(logger, fs.Job, ex);
            return (ExitCodes.Retryable, Result("retryable", clock, 0, fs.Job, "error", $"job {fs.Job}: {ex.GetType().Name}: {ex.Message}", null));
        }
    }

    /// <summary>The spec's options over the worker's defaults.</summary>
    public static FeatureSyncRunOptions RunOptions(FeatureSyncSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var defaults = new FeatureSyncRunOptions();
        var o = spec.Options;
        var options = defaults with
        {
            WorkerId = o.WorkerId ?? defaults.WorkerId,
            LeaseTtl = o.LeaseTtl ?? defaults.LeaseTtl,
            PollInterval = o.PollInterval ?? defaults.PollInterval,
            RetryMinBackoff = o.RetryMinBackoff ?? defaults.RetryMinBackoff,
            RetryMaxBackoff = o.RetryMaxBackoff ?? defaults.RetryMaxBackoff,
            SpoolDirectory = o.SpoolDirectory ?? defaults.SpoolDirectory,
            Partitions = spec.Partition is { } p ? [p] : null,
        };
        options.Validate();
        return options;
    }

    /// <summary>Cancels the run once the job is gone, so a deleted job's workers end even while they wait for a lease.</summary>
    private static async Task StopWhenDeletedAsync(FeatureSyncStateStore store, string jobId, CancellationTokenSource run, ILogger logger)
    {
        while (!run.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(DeletionCheckInterval, run.Token).ConfigureAwait(false);
                if (await store.GetJobAsync(jobId, run.Token).ConfigureAwait(false) is null)
                {
                    LogDeleted(logger, jobId);
                    await run.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
            catch (OperationCanceledException) when (run.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is MySqlException or IOException or TimeoutException)
            {
                // The partition tasks see the same outage and retry on their own; the check tries again next round.
                LogDeletionCheckFailed(logger, jobId, ex);
            }
        }
    }

    private static async Task<long> RowsSyncedAsync(FeatureSyncStateStore store, FeatureSyncSpec spec, CancellationToken ct)
    {
        var tasks = await store.GetStatusAsync(spec.Job, ct).ConfigureAwait(false);
        return tasks.Where(t => spec.Partition is not { } p || t.Partition == p).Sum(t => t.RowsSynced);
    }

    private static string Describe(FeatureSyncRunResult? result) => result is null
        ? ""
        : string.Join(", ", result.Partitions.OrderBy(kv => kv.Key).Select(kv => string.Create(CultureInfo.InvariantCulture, $"p{kv.Key}: {kv.Value.ToString().ToLowerInvariant()}")));

    private static (int, TaskResult) Ended(Stopwatch clock, string job, string outcome, string? note, long rows, string? partitions = null) =>
        (ExitCodes.Success, Result("success", clock, rows, job, outcome, null, partitions, note));

    private static (int, TaskResult) Permanent(Stopwatch clock, string error) =>
        (ExitCodes.Permanent, new TaskResult { Status = "failed", Seconds = clock.Elapsed.TotalSeconds, Error = error });

    private static TaskResult Result(string status, Stopwatch clock, long rows, string job, string outcome, string? error, string? partitions, string? note = null)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal) { ["job"] = job, ["outcome"] = outcome };
        if (!string.IsNullOrEmpty(partitions)) details["partitions"] = partitions;
        if (note is not null) details["note"] = note;
        return new TaskResult { Status = status, Rows = rows, Seconds = clock.Elapsed.TotalSeconds, Error = error, Details = details };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "job {JobId} was deleted: stopping its partition tasks")]
    private static partial void LogDeleted(ILogger logger, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {JobId}: could not check whether the job still exists")]
    private static partial void LogDeletionCheckFailed(ILogger logger, string jobId, Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "job {JobId}: feature sync stopped with an error a restart may cure")]
    private static partial void LogFailed(ILogger logger, string jobId, Exception ex);
}
