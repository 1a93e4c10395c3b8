using Apache.Arrow;
using Apache.Arrow.Types;

namespace Sync.Warehouse.Values;

/// <summary>
/// Writes the values of one Arrow column to a <see cref="ValueSink"/>. One subclass per Arrow type family, picked by
/// <see cref="Create"/> for each batch's array.
/// </summary>
internal abstract class ColumnFormatter
{
    protected ColumnFormatter(string column) => Column = column;

    public string Column { get; }

    /// <summary>Writes the value at <paramref name="index"/>; throws <see cref="InvalidDataException"/> for values the warehouse cannot hold.</summary>
    public abstract void Write(int index, ValueSink sink);

    public static ColumnFormatter Create(string column, IArrowArray array, int timestampFractionDigits) => array switch
    {
        BooleanArray a => new BooleanFormatter(column, a),
        Int8Array a => new IntegerFormatter<sbyte>(column, a),
        Int16Array a => new IntegerFormatter<short>(column, a),
        Int32Array a => new IntegerFormatter<int>(column, a),
        Int64Array a => new IntegerFormatter<long>(column, a),
        FloatArray a => new FloatFormatter(column, a),
        DoubleArray a => new DoubleFormatter(column, a),
        Decimal128Array a => new Decimal128Formatter(column, a),
        StringArray a => new StringFormatter(column, a),
        BinaryArray a => new BinaryFormatter(column, a),
        Date32Array a => new Date32Formatter(column, a),
        TimestampArray a => new TimestampFormatter(column, a, timestampFractionDigits),
        StructArray or ListArray or UnionArray => new JsonFormatter(column, array, timestampFractionDigits),
        _ => throw new WarehouseSchemaException($"column '{column}': Arrow type {array.Data.DataType.Name} cannot be written", [column]),
    };

    /// <summary>Units of a timestamp type per second.</summary>
    public static long UnitsPerSecond(TimestampType type) => type.Unit switch
    {
        TimeUnit.Second => 1L,
        TimeUnit.Millisecond => 1_000L,
        TimeUnit.Microsecond => 1_000_000L,
        _ => 1_000_000_000L,
    };
}
