using Sync.FeatureSync.Jobs;

namespace Sync.FeatureSync.State;

/// <summary>A job row whose definition cannot be read, with the error that says why.</summary>
public sealed record UnreadableJob(string JobId, FeatureSyncConfigurationException Error);
