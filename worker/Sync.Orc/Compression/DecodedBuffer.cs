namespace Sync.Orc.Compression;

/// <summary>A decoded stream: bytes [Offset, Offset + Length) of Array; Pooled says whether Array goes back to the array pool.</summary>
internal readonly record struct DecodedBuffer(byte[] Array, int Offset, int Length, bool Pooled);
