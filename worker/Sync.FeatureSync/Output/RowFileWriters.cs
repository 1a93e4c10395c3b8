using Apache.Arrow;
using Sync.FeatureSync.Jobs;

namespace Sync.FeatureSync.Output;

/// <summary>Picks the writer for a job's output format.</summary>
internal static class RowFileWriters
{
    public static IRowFileWriter Create(OutputFormat format, Stream output, Schema schema) => format switch
    {
        OutputFormat.Csv => new CsvRowFileWriter(output, schema),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown output format"),
    };
}
