using Apache.Arrow;
using Sync.FeatureSync.Jobs;

namespace Sync.FeatureSync.Source;

/// <summary>
/// Rows read by one keyset query, all of one calendar day (dt partition). <see cref="Batch"/> is null when no row was read.
/// <see cref="Memory"/> holds the pooled arrays under the batch: disposed once the batch is written, not before.
/// </summary>
internal sealed record SourcePage(
    RecordBatch? Batch,
    int Rows,
    SyncPosition First,
    SyncPosition Last,
    DateOnly Day,
    long EstimatedBytes,
    bool ReachedLimit,
    bool StoppedAtDayChange,
    PageMemory? Memory = null);
