using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using Sync.Tasks;
using Sync.Warehouse;

namespace Sync.TableSync;

/// <summary>
/// Hive partition columns (from <c>key=value</c> path segments): their warehouse types, and constant Arrow columns that
/// carry a file's partition values next to its ORC columns. Values arrive already unescaped by the planner; null means
/// <c>__HIVE_DEFAULT_PARTITION__</c>.
/// </summary>
internal static class PartitionColumns
{
    public static WarehouseColumnType TypeOf(PartitionColumnSpec column)
    {
        var type = column.Type.Trim().ToLowerInvariant();
        if (type.StartsWith("varchar", StringComparison.Ordinal) || type.StartsWith("char", StringComparison.Ordinal)) type = "string";
        return type switch
        {
            "string" => WarehouseColumnType.String,
            "tinyint" => WarehouseColumnType.TinyInt,
            "smallint" => WarehouseColumnType.SmallInt,
            "int" or "integer" => WarehouseColumnType.Int,
            "bigint" => WarehouseColumnType.BigInt,
            "boolean" => WarehouseColumnType.Boolean,
            "double" => WarehouseColumnType.Double,
            "date" => WarehouseColumnType.Date,
            _ => throw new TableSyncException(
                $"partition column '{column.Name}' has type '{column.Type}'; supported: string, varchar, char, tinyint, smallint, int, bigint, boolean, double, date"),
        };
    }

    /// <summary>An array of <paramref name="length"/> copies of one partition value (or nulls).</summary>
    public static IArrowArray Constant(PartitionColumnSpec column, string? value, int length, string fileUri)
    {
        var kind = TypeOf(column).Kind;
        try
        {
            return kind switch
            {
                WarehouseTypeKind.String => Fill(new StringArray.Builder(), length, value, (b, v) => b.Append(v)),
                WarehouseTypeKind.TinyInt => Fill(new Int8Array.Builder(), length, value, (b, v) => b.Append(sbyte.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))),
                WarehouseTypeKind.SmallInt => Fill(new Int16Array.Builder(), length, value, (b, v) => b.Append(short.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))),
                WarehouseTypeKind.Int => Fill(new Int32Array.Builder(), length, value, (b, v) => b.Append(int.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))),
                WarehouseTypeKind.BigInt => Fill(new Int64Array.Builder(), length, value, (b, v) => b.Append(long.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))),
                WarehouseTypeKind.Boolean => Fill(new BooleanArray.Builder(), length, value, (b, v) => b.Append(bool.Parse(v))),
                WarehouseTypeKind.Double => Fill(new DoubleArray.Builder(), length, value, (b, v) => b.Append(double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture))),
                _ => Fill(new Date32Array.Builder(), length, value, (b, v) => b.Append(DateOnly.ParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture))),
            };
        }
        catch (FormatException ex)
        {
            throw new TableSyncException($"{fileUri}: partition value {column.Name}='{value}' is not a valid {column.Type}", ex);
        }
        catch (OverflowException ex)
        {
            throw new TableSyncException($"{fileUri}: partition value {column.Name}='{value}' is out of range for {column.Type}", ex);
        }
    }

    private static IArrowArray Fill<TBuilder>(TBuilder builder, int length, string? value, Action<TBuilder, string> append)
        where TBuilder : IArrowArrayBuilder<IArrowArray, TBuilder>
    {
        if (value is null)
        {
            for (var i = 0; i < length; i++) builder.AppendNull();
        }
        else
        {
            for (var i = 0; i < length; i++) append(builder, value);
        }
        return builder.Build(default);
    }

    public static IArrowType ArrowTypeOf(PartitionColumnSpec column) => TypeOf(column).Kind switch
    {
        WarehouseTypeKind.String => StringType.Default,
        WarehouseTypeKind.TinyInt => Int8Type.Default,
        WarehouseTypeKind.SmallInt => Int16Type.Default,
        WarehouseTypeKind.Int => Int32Type.Default,
        WarehouseTypeKind.BigInt => Int64Type.Default,
        WarehouseTypeKind.Boolean => BooleanType.Default,
        WarehouseTypeKind.Double => DoubleType.Default,
        _ => Date32Type.Default,
    };
}
