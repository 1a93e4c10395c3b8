using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sync.Storage;
using Sync.Tasks;

namespace Sync.TableSync;

/// <summary>
/// Runs one table-sync step (<see cref="TaskKinds.TableStart"/>, <see cref="TaskKinds.TableBatch"/>,
/// <see cref="TaskKinds.TableFinish"/>) from its <see cref="TaskSpec"/> and reports the exit code and result the
/// orchestrator reads: 0 done, 1 retryable (network, server, killed), 2 permanent (bad input or configuration).
/// </summary>
public sealed class TableSyncRunner
{
    private readonly TableSyncOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;

    public TableSyncRunner(TableSyncOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        _options = options ?? TableSyncOptions.FromEnvironment(Environment.GetEnvironmentVariable);
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<TableSyncRunner>();
    }

    /// <summary>Runs the step; never throws for a failed step (the failure is in the result), only for a null spec.</summary>
    public async Task<(int ExitCode, TaskResult Result)> RunAsync(TaskSpec spec, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var clock = Stopwatch.StartNew();
        try
        {
            if (spec.Kind is not (TaskKinds.TableStart or TaskKinds.TableBatch or TaskKinds.TableFinish))
            {
                throw new TableSyncException($"task kind '{spec.Kind}' is not a table-sync step ({TaskKinds.TableStart}, {TaskKinds.TableBatch}, {TaskKinds.TableFinish})");
            }
            if (spec.Version > TaskSpec.CurrentVersion)
            {
                throw new TableSyncException($"task spec version {spec.Version} is newer than this worker's {TaskSpec.CurrentVersion}");
            }
            await using var ctx = await StepContext.OpenAsync(spec, _options, OpenStore, _logger, ct).ConfigureAwait(false);
            TableSyncLog.StepStarting(_logger, spec.Kind, spec.DagId, spec.RunId, spec.TaskId, spec.Attempt, ctx.Table.TargetDatabase, ctx.Table.TargetTable, ctx.Staging);
            var result = spec.Kind switch
            {
                TaskKinds.TableStart => await StartStep.RunAsync(ctx, ct).ConfigureAwait(false),
                TaskKinds.TableBatch => await BatchStep.RunAsync(ctx, ct).ConfigureAwait(false),
                _ => await FinishStep.RunAsync(ctx, ct).ConfigureAwait(false),
            };
            return (ExitCodes.Success, result with { Seconds = clock.Elapsed.TotalSeconds });
        }
        catch (Exception ex)
        {
            var exit = FailureClassifier.ExitCodeFor(ex);
            var status = exit == ExitCodes.Permanent ? "failed" : "retryable";
            TableSyncLog.StepFailed(_logger, spec.Kind, status, ex.Message, ex);
            return (exit, new TaskResult
            {
                Status = status,
                Seconds = clock.Elapsed.TotalSeconds,
                Error = ex.Message,
                Details = (ex as TableSyncException)?.Details,
            });
        }
    }

    private IObjectStore OpenStore(string uri) =>
        _options.OpenStore?.Invoke(uri)
        ?? ObjectStores.Open(uri, ObjectStoreSettings.FromEnvironment(Environment.GetEnvironmentVariable), _loggerFactory);
}
