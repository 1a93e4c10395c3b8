using Sync.Execution;
using Sync.FeatureSync.Jobs;
using Sync.Tasks;

namespace Sync.FeatureSync.Supervision;

/// <summary>
/// The launch of one supervised attempt of one job partition. Its attempt key,
/// <c>@feature-sync/&lt;job&gt;/p&lt;partition&gt;/&lt;attempt&gt;</c>, is stable: it depends only on the attempt number the
/// <see cref="SupervisionStore"/> keeps, so a restarted orchestrator relaunching the running attempt gets the same
/// pod name (the Kubernetes executor answers 409 and adopts the pod) or the same pid file (the local executor stops
/// the process left behind before starting it again) — never a second copy beside the first. '@' cannot start a DAG
/// id, so these keys never meet a DAG task's.
/// </summary>
public static class FeatureSyncAttempts
{
    /// <summary>The <see cref="TaskSpec.DagId"/> of every feature-sync attempt.</summary>
    public const string DagId = "@feature-sync";

    public static bool IsFeatureSyncAttemptKey(string attemptKey)
    {
        ArgumentNullException.ThrowIfNull(attemptKey);
        return attemptKey.StartsWith(DagId + "/", StringComparison.Ordinal);
    }

    public static string TaskId(int partition) => $"p{partition.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public static string AttemptKey(string jobId, int partition, int attempt) =>
        TaskLaunch.KeyOf(DagId, jobId, TaskId(partition), attempt);

    /// <summary>
    /// The lease owner of a partition's workers: the same for every attempt, so a restarted attempt takes the lease
    /// back at once instead of waiting for the killed one's lease to expire.
    /// </summary>
    public static string WorkerId(string jobId, int partition) => $"sync-supervisor:{jobId}/{TaskId(partition)}";

    public static TaskLaunch Launch(FeatureSyncJob job, int partition, int attempt, FeatureSyncSupervisorOptions options)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(options);
        var spec = new TaskSpec
        {
            Kind = TaskKinds.FeatureSync,
            DagId = DagId,
            RunId = job.JobId,
            TaskId = TaskId(partition),
            Attempt = attempt,
            FeatureSync = new FeatureSyncSpec
            {
                Job = job.JobId,
                Partition = partition,
                StateConnection = options.StateConnection ?? FeatureSyncSpec.DefaultStateConnection,
                StateDatabase = options.StateDatabase,
                SourceConnection = job.SourceConnection,
                Options = new FeatureSyncRunSettings
                {
                    WorkerId = WorkerId(job.JobId, partition),
                    LeaseTtl = options.LeaseTtl,
                    PollInterval = options.WorkerPollInterval,
                    SpoolDirectory = options.SpoolDirectory,
                },
            },
        };
        // Long-lived by design: no wall-clock limit (the lease and the supervisor watch the worker instead).
        return new TaskLaunch { Spec = spec, Image = options.Image, Timeout = Timeout.InfiniteTimeSpan };
    }
}
