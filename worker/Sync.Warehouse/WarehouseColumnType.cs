namespace Sync.Warehouse;

/// <summary>A portable column type: the kind plus its length, precision and scale where they apply.</summary>
/// <param name="Kind">The type family.</param>
/// <param name="Length">For <see cref="WarehouseTypeKind.String"/>: the declared ORC char/varchar length, or null when unbounded.</param>
/// <param name="Precision">For <see cref="WarehouseTypeKind.Decimal"/>: total digits.</param>
/// <param name="Scale">For <see cref="WarehouseTypeKind.Decimal"/>: digits after the point.</param>
public sealed record WarehouseColumnType(WarehouseTypeKind Kind, int? Length = null, int Precision = 0, int Scale = 0)
{
    public static readonly WarehouseColumnType Boolean = new(WarehouseTypeKind.Boolean);
    public static readonly WarehouseColumnType TinyInt = new(WarehouseTypeKind.TinyInt);
    public static readonly WarehouseColumnType SmallInt = new(WarehouseTypeKind.SmallInt);
    public static readonly WarehouseColumnType Int = new(WarehouseTypeKind.Int);
    public static readonly WarehouseColumnType BigInt = new(WarehouseTypeKind.BigInt);
    public static readonly WarehouseColumnType Float = new(WarehouseTypeKind.Float);
    public static readonly WarehouseColumnType Double = new(WarehouseTypeKind.Double);
    public static readonly WarehouseColumnType String = new(WarehouseTypeKind.String);
    public static readonly WarehouseColumnType Binary = new(WarehouseTypeKind.Binary);
    public static readonly WarehouseColumnType Date = new(WarehouseTypeKind.Date);
    public static readonly WarehouseColumnType DateTime = new(WarehouseTypeKind.DateTime);
    public static readonly WarehouseColumnType Json = new(WarehouseTypeKind.Json);

    public static WarehouseColumnType Decimal(int precision, int scale) => new(WarehouseTypeKind.Decimal, null, precision, scale);

    public static WarehouseColumnType VarChar(int length) => new(WarehouseTypeKind.String, length);
}
