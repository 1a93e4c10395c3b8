using Sync.FeatureSync.Jobs;

namespace Sync.FeatureSync.State;

/// <summary>
/// A file about to be published, recorded before the first byte reaches a destination: its path (relative to
/// each destination root), the last position it holds and its row count. The range starts right after the
/// task's checkpoint.
/// </summary>
internal sealed record PendingFile(string RelativePath, SyncPosition Last, long Rows);
