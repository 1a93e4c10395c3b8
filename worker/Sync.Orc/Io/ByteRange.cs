namespace Sync.Orc.Io;

/// <summary>A byte range of the source file.</summary>
internal readonly record struct ByteRange(long Offset, long Length)
{
    public long End => Offset + Length;
}
