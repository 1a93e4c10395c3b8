namespace Sync.Warehouse.Loading;

/// <summary>Where a batch's rows come from, for the surrogate key: the source id and the ordinal of the batch's first row.</summary>
public readonly record struct RowOrigin(long SourceId, long FirstRow);
