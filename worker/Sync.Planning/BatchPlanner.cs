using Sync.Planning.Internal;
using Sync.Storage;
using Sync.Tasks;

namespace Sync.Planning;

/// <summary>
/// Turns a table's prefix into batches: lists it (paged, through the store), leaves out what is not data, reads
/// the Hive partition values from the folders and packs the files, in key order, into batches of about
/// <see cref="PlanOptions.TargetBatchBytes"/>. The same listing always gives the same batches.
/// </summary>
public static class BatchPlanner
{
    public static async Task<TablePlan> PlanAsync(IObjectStore store, string sourceUri, PlanOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var prefix = ObjectUri.Parse(sourceUri);

        var files = new List<BatchFile>();
        var skipped = new List<SkippedFile>();
        await foreach (var info in store.ListAsync(sourceUri, ct).ConfigureAwait(false))
        {
            var relative = ObjectUri.Parse(info.Uri).RelativeTo(prefix)
                ?? throw new InvalidOperationException($"listing {sourceUri} returned {info.Uri}, which is not below it");
            if (HivePath.SkipReasonFor(relative, info.Size) is { } reason)
            {
                skipped.Add(new SkippedFile(info.Uri, info.Size, reason));
                continue;
            }
            files.Add(new BatchFile
            {
                Uri = info.Uri,
                Size = info.Size,
                ETag = info.ETag,
                Partition = PartitionOf(info.Uri, relative, options.PartitionColumns),
            });
        }

        // Key order makes the plan independent of the order a store lists in, and keeps a partition's files together.
        files.Sort(static (a, b) => string.CompareOrdinal(a.Uri, b.Uri));
        skipped.Sort(static (a, b) => string.CompareOrdinal(a.Uri, b.Uri));

        var batches = Pack(files, options);
        long totalBytes = 0;
        foreach (var file in files) totalBytes += file.Size;
        return new TablePlan
        {
            SourceUri = sourceUri,
            Batches = batches,
            TotalBytes = totalBytes,
            TotalFiles = files.Count,
            SkippedFiles = skipped,
        };
    }

    // Greedy in key order: a batch closes when the next file would push it past the target bytes or the file cap.
    // A file larger than the target therefore always sits alone.
    private static List<BatchSpec> Pack(List<BatchFile> files, PlanOptions options)
    {
        var batches = new List<BatchSpec>();
        var current = new List<BatchFile>();
        long currentBytes = 0;
        foreach (var file in files)
        {
            if (current.Count > 0 && (currentBytes + file.Size > options.TargetBatchBytes || current.Count >= options.MaxFilesPerBatch))
            {
                batches.Add(new BatchSpec { Index = batches.Count + 1, Files = current });
                current = [];
                currentBytes = 0;
            }
            current.Add(file);
            currentBytes += file.Size;
        }
        if (current.Count > 0) batches.Add(new BatchSpec { Index = batches.Count + 1, Files = current });
        return batches;
    }

    private static Dictionary<string, string?> PartitionOf(string uri, string relative, IReadOnlyList<PartitionColumnSpec> columns)
    {
        var partition = new Dictionary<string, string?>(columns.Count, StringComparer.Ordinal);
        if (columns.Count == 0) return partition;
        var found = HivePath.Partitions(relative);
        foreach (var column in columns)
        {
            if (!found.TryGetValue(column.Name, out var value))
            {
                throw new PartitionPathException(
                    $"partition column '{column.Name}' is missing from the path of {uri} (folders below the table: '{relative}'; expected a '{column.Name}=value' folder)",
                    uri, column.Name, value: null);
            }
            if (!PartitionValueType.IsValid(column.Type, value))
            {
                throw new PartitionPathException(
                    $"partition value '{value}' of column '{column.Name}' in {uri} is not a valid {column.Type}",
                    uri, column.Name, value);
            }
            partition[column.Name] = value;
        }
        return partition;
    }
}
