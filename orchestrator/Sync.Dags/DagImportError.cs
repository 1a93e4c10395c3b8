namespace Sync.Dags;

/// <summary>Why a DAG file (or part of it) could not be loaded, and where: file, line and column (1-based).</summary>
public sealed record DagImportError
{
    public required string FilePath { get; init; }
    public int Line { get; init; }
    public int Column { get; init; }
    public required string Message { get; init; }

    /// <summary>The DAG id, when the file got far enough to declare one.</summary>
    public string? DagId { get; init; }

    public override string ToString() => Line > 0 ? $"{FilePath}:{Line}:{Column}: {Message}" : $"{FilePath}: {Message}";
}
