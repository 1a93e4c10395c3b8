using Sync.Planning.Internal;
using Sync.Tasks;

namespace Sync.Planning;

/// <summary>How a table's files are packed into batches.</summary>
public sealed record PlanOptions
{
    /// <summary>About 50 MB of ORC per batch: one batch task reads this much.</summary>
    public const long DefaultTargetBatchBytes = 50L * 1024 * 1024;

    /// <summary>Caps the files of one batch, so that many tiny files still spread over several tasks.</summary>
    public const int DefaultMaxFilesPerBatch = 1000;

    public static PlanOptions Default { get; } = new();

    /// <summary>Bytes a batch aims at; a batch closes before it would exceed this. A larger file is a batch of its own.</summary>
    public long TargetBatchBytes { get; init; } = DefaultTargetBatchBytes;

    /// <summary>Most files in one batch.</summary>
    public int MaxFilesPerBatch { get; init; } = DefaultMaxFilesPerBatch;

    /// <summary>Hive partition columns read from <c>key=value</c> folders, with the types their values must parse as.</summary>
    public IReadOnlyList<PartitionColumnSpec> PartitionColumns { get; init; } = [];

    /// <summary>Throws <see cref="ArgumentException"/> naming the option at fault.</summary>
    public void Validate()
    {
        if (TargetBatchBytes < 1)
            throw new ArgumentOutOfRangeException(nameof(TargetBatchBytes), TargetBatchBytes, $"{nameof(PlanOptions)}.{nameof(TargetBatchBytes)} must be at least 1 byte");
        if (MaxFilesPerBatch < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxFilesPerBatch), MaxFilesPerBatch, $"{nameof(PlanOptions)}.{nameof(MaxFilesPerBatch)} must be at least 1");
        ArgumentNullException.ThrowIfNull(PartitionColumns, nameof(PartitionColumns));
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in PartitionColumns)
        {
            if (column is null || string.IsNullOrWhiteSpace(column.Name))
                throw new ArgumentException($"{nameof(PlanOptions)}.{nameof(PartitionColumns)} holds a column without a name", nameof(PartitionColumns));
            if (!names.Add(column.Name))
                throw new ArgumentException($"{nameof(PlanOptions)}.{nameof(PartitionColumns)} declares '{column.Name}' twice", nameof(PartitionColumns));
            if (!PartitionValueType.IsSupported(column.Type))
                throw new ArgumentException(
                    $"partition column '{column.Name}' has unsupported type '{column.Type}' (supported: {PartitionValueType.SupportedTypes})", nameof(PartitionColumns));
        }
    }
}
