namespace Sync.Warehouse;

/// <summary>The portable column types the loader creates; each dialect renders them in its own DDL.</summary>
public enum WarehouseTypeKind
{
    Boolean,
    TinyInt,
    SmallInt,
    Int,
    BigInt,
    Float,
    Double,
    Decimal,
    /// <summary>Character data; <see cref="WarehouseColumnType.Length"/> is set for ORC char(n)/varchar(n).</summary>
    String,
    Binary,
    Date,
    /// <summary>A wall-clock date and time without a zone.</summary>
    DateTime,
    /// <summary>Nested ORC values (struct, list, map, union) serialised as strict JSON text.</summary>
    Json,
}
