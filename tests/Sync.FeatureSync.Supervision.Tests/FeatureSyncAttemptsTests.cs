using Sync.FeatureSync.Jobs;
using Sync.Tasks;

namespace Sync.FeatureSync.Supervision.Tests;

public sealed class FeatureSyncAttemptsTests
{
    private static readonly FeatureSyncJob Job = new()
    {
        JobId = "user_features",
        SourceConnection = "online",
        Table = "features.user_features",
        KeyColumn = "user_id",
        TimestampColumn = "updated_at",
        Destinations = ["file:///data/offline"],
        Partitions = 4,
    };

    [Fact]
    public void Launch_GivesTheSameAttemptKey_WhenTheSameAttemptIsLaunchedAgain()
    {
        var options = new FeatureSyncSupervisorOptions { StateConnection = "state" };
        var first = FeatureSyncAttempts.Launch(Job, 2, 7, options);
        var again = FeatureSyncAttempts.Launch(Job, 2, 7, options);
        Assert.Equal("@feature-sync/user_features/p2/7", first.AttemptKey);
        Assert.Equal(first.AttemptKey, again.AttemptKey);
        Assert.True(FeatureSyncAttempts.IsFeatureSyncAttemptKey(first.AttemptKey));
        Assert.False(FeatureSyncAttempts.IsFeatureSyncAttemptKey("feature-sync/run/task/1"));
    }

    [Fact]
    public void Launch_RunsOnePartitionWithoutTimeout_AndOneLeaseOwnerPerPartition()
    {
        var options = new FeatureSyncSupervisorOptions { StateConnection = "state", StateDatabase = "fs_state", LeaseTtl = TimeSpan.FromSeconds(9), Image = "sync:1" };
        var launch = FeatureSyncAttempts.Launch(Job, 3, 1, options);
        var later = FeatureSyncAttempts.Launch(Job, 3, 2, options);

        Assert.Equal(Timeout.InfiniteTimeSpan, launch.Timeout);
        Assert.Equal("sync:1", launch.Image);
        Assert.Equal(TaskKinds.FeatureSync, launch.Spec.Kind);
        var spec = launch.Spec.FeatureSync!;
        Assert.Equal(("user_features", 3, "state", "fs_state", "online"), (spec.Job, spec.Partition, spec.StateConnection, spec.StateDatabase, spec.SourceConnection));
        Assert.Equal(TimeSpan.FromSeconds(9), spec.Options.LeaseTtl);
        Assert.Equal(spec.Options.WorkerId, later.Spec.FeatureSync!.Options.WorkerId);
        Assert.NotEqual(spec.Options.WorkerId, FeatureSyncAttempts.Launch(Job, 2, 1, options).Spec.FeatureSync!.Options.WorkerId);

        // The spec survives the JSON trip to the worker.
        var back = TaskJson.Deserialize<TaskSpec>(TaskJson.Serialize(launch.Spec));
        Assert.Equal(spec, back.FeatureSync);
    }
}
