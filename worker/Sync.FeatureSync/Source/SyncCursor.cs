using Sync.FeatureSync.Jobs;

namespace Sync.FeatureSync.Source;

/// <summary>Where the next read starts: the table's beginning, a timestamp (inclusive), or after a position.</summary>
internal readonly record struct SyncCursor(DateTime? Timestamp, SyncPosition? After)
{
    public static SyncCursor Beginning => new(null, null);

    public static SyncCursor AtOrAfter(DateTime timestamp) => new(timestamp, null);

    public static SyncCursor AfterPosition(SyncPosition position) => new(null, position);

    public override string ToString() => After is { } p ? $"after {p}" : Timestamp is { } t ? $"from {JobText.FormatTimestamp(t)}" : "from the beginning";
}
