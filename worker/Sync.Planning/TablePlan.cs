using Sync.Tasks;

namespace Sync.Planning;

/// <summary>The batches a table's files were packed into, and what was left out.</summary>
public sealed record TablePlan
{
    /// <summary>The prefix that was listed.</summary>
    public required string SourceUri { get; init; }

    /// <summary>Batches in order; <see cref="BatchSpec.Index"/> runs 1..n.</summary>
    public required IReadOnlyList<BatchSpec> Batches { get; init; }

    /// <summary>Bytes of all planned files.</summary>
    public required long TotalBytes { get; init; }

    /// <summary>Number of planned files.</summary>
    public required int TotalFiles { get; init; }

    /// <summary>Listed objects that are not data files, with the reason.</summary>
    public required IReadOnlyList<SkippedFile> SkippedFiles { get; init; }
}
