using System.Globalization;
using System.Text.RegularExpressions;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Sync.Warehouse;

/// <summary>
/// Maps Arrow fields (as the ORC reader produces them) to warehouse column types. The one place the mapping is written down:
/// <list type="table">
/// <listheader><term>Arrow (ORC)</term><description>MySQL / MariaDB | AnalyticDB 3.0 | value sent</description></listheader>
/// <item><term>Boolean (boolean)</term><description>BOOLEAN (= TINYINT(1)) | BOOLEAN | 1 / 0</description></item>
/// <item><term>Int8 (tinyint)</term><description>TINYINT | TINYINT | decimal digits</description></item>
/// <item><term>Int16 (smallint)</term><description>SMALLINT | SMALLINT | decimal digits</description></item>
/// <item><term>Int32 (int)</term><description>INT | INT | decimal digits</description></item>
/// <item><term>Int64 (bigint)</term><description>BIGINT | BIGINT | decimal digits</description></item>
/// <item><term>Float (float)</term><description>FLOAT | FLOAT | round-trip text; NaN and ±Infinity become NULL (neither server stores them)</description></item>
/// <item><term>Double (double)</term><description>DOUBLE | DOUBLE | round-trip text; NaN and ±Infinity become NULL</description></item>
/// <item><term>Decimal128(p,s) (decimal)</term><description>DECIMAL(p,s) | DECIMAL(p,s) | exact digits from the 128-bit value (no .NET decimal, so p up to 38 is exact)</description></item>
/// <item><term>String (string)</term><description>LONGTEXT, or VARCHAR(255) in a key | VARCHAR | UTF-8 text; invalid UTF-8 is an error naming column and row</description></item>
/// <item><term>String with field metadata orc.type = char(n) / varchar(n)</term><description>VARCHAR(n) (never CHAR: it strips trailing spaces) | VARCHAR(n) (ADB ignores n)</description></item>
/// <item><term>Binary (binary)</term><description>LONGBLOB, or VARBINARY(255) in a key | BINARY (ADB's BINARY covers VARBINARY and BLOB)</description></item>
/// <item><term>Date32 (date)</term><description>DATE | DATE | 'yyyy-MM-dd'</description></item>
/// <item><term>Timestamp(ns[, UTC]) (timestamp[ with local time zone])</term><description>DATETIME(6) | DATETIME |
/// 'yyyy-MM-dd HH:mm:ss.ffffff' truncated to microseconds for MySQL/MariaDB and to milliseconds for AnalyticDB
/// (ADB DATETIME holds milliseconds). Precision below that is lost. A zoned timestamp is written as its UTC wall clock;
/// never TIMESTAMP, which both servers convert by session time zone.</description></item>
/// <item><term>Struct, List, Map, Union (struct, array, map, uniontype)</term><description>JSON | JSON | strict JSON text:
/// struct → object by field name, list → array, map → object with the key's text as member name, dense union →
/// {"tag":n,"value":v}; strings escaped, decimals as JSON numbers, binary as base64 strings, dates and timestamps as
/// strings as above, NaN/Infinity as null, characters beyond the BMP (emoji) as \u escapes</description></item>
/// </list>
/// </summary>
public static partial class ArrowTypeMapping
{
    /// <summary>Field metadata key under which the ORC reader keeps the exact ORC type of a string column.</summary>
    public const string OrcTypeMetadataKey = "orc.type";

    /// <summary>The warehouse type for an Arrow field; throws <see cref="WarehouseSchemaException"/> for types with no mapping.</summary>
    public static WarehouseColumnType Map(Field field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.DataType.TypeId switch
        {
            ArrowTypeId.Boolean => WarehouseColumnType.Boolean,
            ArrowTypeId.Int8 => WarehouseColumnType.TinyInt,
            ArrowTypeId.Int16 => WarehouseColumnType.SmallInt,
            ArrowTypeId.Int32 => WarehouseColumnType.Int,
            ArrowTypeId.Int64 => WarehouseColumnType.BigInt,
            ArrowTypeId.Float => WarehouseColumnType.Float,
            ArrowTypeId.Double => WarehouseColumnType.Double,
            ArrowTypeId.Decimal128 => DecimalOf((Decimal128Type)field.DataType, field.Name),
            ArrowTypeId.String => StringOf(field),
            ArrowTypeId.Binary => WarehouseColumnType.Binary,
            ArrowTypeId.Date32 => WarehouseColumnType.Date,
            ArrowTypeId.Timestamp => WarehouseColumnType.DateTime,
            ArrowTypeId.Struct or ArrowTypeId.List or ArrowTypeId.Map or ArrowTypeId.Union
                => WarehouseColumnType.Json,
            _ => throw new WarehouseSchemaException(
                $"column '{field.Name}': Arrow type {field.DataType.Name} has no warehouse mapping", [field.Name]),
        };
    }

    /// <summary>Maps every field of a schema to a nullable column of the same name, in schema order.</summary>
    public static IReadOnlyList<WarehouseColumn> MapSchema(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var columns = new List<WarehouseColumn>(schema.FieldsList.Count);
        foreach (var field in schema.FieldsList) columns.Add(new WarehouseColumn(field.Name, Map(field)));
        return columns;
    }

    private static WarehouseColumnType DecimalOf(Decimal128Type type, string name)
    {
        if (type.Precision is < 1 or > 38 || type.Scale < 0 || type.Scale > type.Precision)
        {
            throw new WarehouseSchemaException(
                $"column '{name}': decimal({type.Precision},{type.Scale}) is outside DECIMAL's range (precision 1..38, 0 ≤ scale ≤ precision)", [name]);
        }
        return WarehouseColumnType.Decimal(type.Precision, type.Scale);
    }

    private static WarehouseColumnType StringOf(Field field)
    {
        if (field.HasMetadata && field.Metadata.TryGetValue(OrcTypeMetadataKey, out var orcType))
        {
            var match = CharTypePattern().Match(orcType);
            if (match.Success) return WarehouseColumnType.VarChar(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        }
        return WarehouseColumnType.String;
    }

    [GeneratedRegex(@"^\s*(?:var)?char\s*\(\s*(\d{1,9})\s*\)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CharTypePattern();
}
