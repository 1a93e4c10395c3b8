using Sync.FeatureSync.Jobs;

namespace Sync.FeatureSync.Running;

/// <summary>A file published to every destination, with the range of positions it holds.</summary>
public sealed record PublishedFile(
    string JobId,
    int Partition,
    string RelativePath,
    long Rows,
    SyncPosition Last,
    DateTime PublishedAtUtc);
