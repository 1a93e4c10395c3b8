namespace Sync.Orc;

/// <summary>What <see cref="OrcReader.ReadBatchesAsync"/> returns: which columns and how many rows per batch.</summary>
public sealed record OrcReadOptions
{
    /// <summary>Rows per record batch unless a stripe ends first.</summary>
    public const int DefaultMaxBatchRows = 65_536;

    /// <summary>Top-level column names to read, or null for all; batches keep the file's column order.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <inheritdoc cref="DefaultMaxBatchRows"/>
    public int MaxBatchRows { get; init; } = DefaultMaxBatchRows;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first bad option.</summary>
    public void Validate()
    {
        if (MaxBatchRows < 1) throw new ArgumentOutOfRangeException(nameof(MaxBatchRows), MaxBatchRows, "must be at least 1");
    }
}
