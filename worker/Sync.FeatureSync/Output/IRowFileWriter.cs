using Apache.Arrow;

namespace Sync.FeatureSync.Output;

/// <summary>Writes Arrow batches into one output file of a format; <see cref="CompleteAsync"/> writes its tail.</summary>
internal interface IRowFileWriter : IAsyncDisposable
{
    ValueTask WriteAsync(RecordBatch batch, CancellationToken ct);

    ValueTask CompleteAsync(CancellationToken ct);
}
