using Sync.FeatureSync.Jobs;

namespace Sync.FeatureSync.State;

/// <summary>
/// A held lease on one partition task, with the task's durable state as it was when the lease was taken.
/// <see cref="Token"/> grows with every acquisition; every write of the task's state requires it unchanged.
/// </summary>
internal sealed record PartitionLease(
    string JobId,
    int Partition,
    long Token,
    string Phase,
    SyncPosition? Position,
    PendingFile? Pending,
    long RowsSynced);
