namespace Sync.Orc;

/// <summary>Statistics the writer recorded for one column, file-wide or per stripe; values rendered as text.</summary>
/// <param name="Column">ORC column id (0 = root).</param>
/// <param name="NumberOfValues">Non-null values.</param>
/// <param name="HasNull">Whether any value is null (null when the writer did not say).</param>
/// <param name="Minimum">Smallest value, when recorded.</param>
/// <param name="Maximum">Largest value, when recorded.</param>
/// <param name="Sum">Sum (numbers) or total length (strings, binary), when recorded.</param>
/// <param name="BytesOnDisk">Bytes of the column's streams, when recorded.</param>
public sealed record OrcColumnStatistics(int Column, long NumberOfValues, bool? HasNull, string? Minimum, string? Maximum, string? Sum, long? BytesOnDisk);
