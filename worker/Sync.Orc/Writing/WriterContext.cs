namespace Sync.Orc.Writing;

/// <summary>What every column writer of one file shares: the codec, the block size and whether row indexes are kept.</summary>
internal sealed class WriterContext
{
    public WriterContext(BlockCompressor? codec, int blockSize, bool buildRowIndex)
    {
        Codec = codec;
        BlockSize = blockSize;
        BuildRowIndex = buildRowIndex;
    }

    public BlockCompressor? Codec { get; }

    public int BlockSize { get; }

    public bool BuildRowIndex { get; }

    public CompressedOutStream CreateStream() => new(Codec, BlockSize);
}
