using Apache.Arrow;
using Sync.FeatureSync.Jobs;

namespace Sync.FeatureSync.Source;

/// <summary>
/// Rows read by one keyset query, all of one calendar day (dt partition). <see cref="Batch"/> is null when no row was read.
/// </summary>
internal sealed record SourcePage(
    RecordBatch? Batch,
    int Rows,
    SyncPosition First,
    SyncPosition Last,
    DateOnly Day,
    long EstimatedBytes,
    bool ReachedLimit,
    bool StoppedAtDayChange);
