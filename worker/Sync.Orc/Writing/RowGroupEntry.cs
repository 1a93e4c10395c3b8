using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>One row group of one column while its stripe is open: where its streams start and its statistics.</summary>
internal sealed class RowGroupEntry
{
    /// <summary>Positions in the PRESENT stream; dropped when the stripe has no nulls in the column.</summary>
    public List<ulong> Present { get; } = [];

    /// <summary>Positions in the data streams, in the order readers expect for the column's type.</summary>
    public List<ulong> Data { get; } = [];

    /// <summary>Non-null values the column had written in the stripe when the group began.</summary>
    public long ValuesBefore { get; set; }

    public ColumnStatistics? Statistics { get; set; }
}
