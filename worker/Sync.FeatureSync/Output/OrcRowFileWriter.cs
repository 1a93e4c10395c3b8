using Apache.Arrow;
using Sync.Orc;

namespace Sync.FeatureSync.Output;

/// <summary>
/// ORC output through the project's writer: the source columns as the file's struct fields, timestamps as ORC
/// <c>timestamp</c> (wall clock, as the source column holds them), one stripe held in memory at a time.
/// </summary>
internal sealed class OrcRowFileWriter : IRowFileWriter
{
    /// <summary>Zstd: about zlib's size at a fraction of its CPU, so writing keeps pace with reading.</summary>
    public const OrcCompression Compression = OrcCompression.Zstd;

    private readonly OrcWriter _writer;

    public OrcRowFileWriter(Stream output, Schema schema)
    {
        _writer = new OrcWriter(output, schema, new OrcWriterOptions { Compression = Compression });
    }

    public ValueTask WriteAsync(RecordBatch batch, CancellationToken ct) => _writer.WriteAsync(batch, ct);

    public ValueTask CompleteAsync(CancellationToken ct) => _writer.CloseAsync(ct);

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
