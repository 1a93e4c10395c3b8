using Apache.Arrow;
using Sync.FeatureSync.Jobs;

namespace Sync.FeatureSync.Output;

/// <summary>Picks the writer for a job's output format.</summary>
internal static class RowFileWriters
{
    public static IRowFileWriter Create(OutputFormat format, Stream output, Schema schema) => format switch
    {
        OutputFormat.Orc => new OrcRowFileWriter(output, schema),
        OutputFormat.Csv => new CsvRowFileWriter(output, schema),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown output format"),
    };
}
