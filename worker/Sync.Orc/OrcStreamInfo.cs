namespace Sync.Orc;

/// <summary>One stream of a stripe as listed in its footer.</summary>
/// <param name="Column">ORC column id.</param>
/// <param name="Kind">Stream kind, e.g. PRESENT, DATA, LENGTH, ROW_INDEX.</param>
/// <param name="Offset">Absolute byte offset in the file.</param>
/// <param name="Length">Bytes on disk.</param>
public sealed record OrcStreamInfo(int Column, string Kind, long Offset, long Length);
