namespace Sync.FeatureSync.Running;

/// <summary>How each partition task of a run ended.</summary>
public sealed record FeatureSyncRunResult(string JobId, IReadOnlyDictionary<int, PartitionOutcome> Partitions)
{
    /// <summary>True when every partition finished its full copy.</summary>
    public bool AllDone => Partitions.Values.All(o => o == PartitionOutcome.Done);

    public bool AnyFailed => Partitions.Values.Any(o => o == PartitionOutcome.Failed);

    public bool AnyFenced => Partitions.Values.Any(o => o == PartitionOutcome.Fenced);
}
