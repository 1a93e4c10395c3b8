namespace Sync.Orc;

/// <summary>Where a stripe lies in the file and how many rows it holds (from the file footer).</summary>
/// <param name="Index">0-based stripe number.</param>
/// <param name="Offset">Byte offset of the stripe's first index stream.</param>
/// <param name="IndexLength">Bytes of index streams.</param>
/// <param name="DataLength">Bytes of data streams.</param>
/// <param name="FooterLength">Bytes of the (compressed) stripe footer.</param>
/// <param name="NumberOfRows">Rows in the stripe.</param>
public sealed record OrcStripeInfo(int Index, long Offset, long IndexLength, long DataLength, long FooterLength, long NumberOfRows)
{
    /// <summary>Total bytes of the stripe.</summary>
    public long Length => IndexLength + DataLength + FooterLength;
}
