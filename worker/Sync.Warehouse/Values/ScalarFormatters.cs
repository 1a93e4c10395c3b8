using System.Globalization;
using System.Numerics;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Sync.Warehouse.Values;

internal sealed class BooleanFormatter(string column, BooleanArray array) : ColumnFormatter(column)
{
    public override void Write(int index, ValueSink sink)
    {
        var value = array.GetValue(index);
        if (value is null) sink.Null();
        else sink.Raw(value.Value ? "1" : "0");
    }
}

internal sealed class IntegerFormatter<T>(string column, PrimitiveArray<T> array) : ColumnFormatter(column)
    where T : struct, IBinaryInteger<T>
{
    public override void Write(int index, ValueSink sink)
    {
        if (array.IsNull(index))
        {
            sink.Null();
            return;
        }
        Span<char> text = stackalloc char[24];
        array.Values[index].TryFormat(text, out var n, default, CultureInfo.InvariantCulture);
        sink.Raw(text[..n]);
    }
}

/// <summary>NaN and ±Infinity become NULL: neither MySQL nor AnalyticDB stores them.</summary>
internal sealed class FloatFormatter(string column, FloatArray array) : ColumnFormatter(column)
{
    public override void Write(int index, ValueSink sink)
    {
        var value = array.Values[index];
        if (array.IsNull(index) || !float.IsFinite(value))
        {
            sink.Null();
            return;
        }
        Span<char> text = stackalloc char[32];
        value.TryFormat(text, out var n, "R", CultureInfo.InvariantCulture);
        sink.Raw(text[..n]);
    }
}

/// <summary>NaN and ±Infinity become NULL: neither MySQL nor AnalyticDB stores them.</summary>
internal sealed class DoubleFormatter(string column, DoubleArray array) : ColumnFormatter(column)
{
    public override void Write(int index, ValueSink sink)
    {
        var value = array.Values[index];
        if (array.IsNull(index) || !double.IsFinite(value))
        {
            sink.Null();
            return;
        }
        Span<char> text = stackalloc char[32];
        value.TryFormat(text, out var n, "R", CultureInfo.InvariantCulture);
        sink.Raw(text[..n]);
    }
}

internal sealed class Decimal128Formatter(string column, Decimal128Array array) : ColumnFormatter(column)
{
    private readonly int _scale = ((Decimal128Type)array.Data.DataType).Scale;

    public override void Write(int index, ValueSink sink)
    {
        if (array.IsNull(index))
        {
            sink.Null();
            return;
        }
        Span<char> text = stackalloc char[48];
        var bytes = array.ValueBuffer.Span.Slice((array.Offset + index) * 16, 16);
        sink.Raw(text[..ValueText.FormatDecimal128(bytes, _scale, text)]);
    }
}

internal sealed class StringFormatter(string column, StringArray array) : ColumnFormatter(column)
{
    public override void Write(int index, ValueSink sink)
    {
        var bytes = array.GetBytes(index, out var isNull);
        if (isNull) sink.Null();
        else sink.Text(bytes);
    }
}

internal sealed class BinaryFormatter(string column, BinaryArray array) : ColumnFormatter(column)
{
    public override void Write(int index, ValueSink sink)
    {
        var bytes = array.GetBytes(index, out var isNull);
        if (isNull) sink.Null();
        else sink.Binary(bytes);
    }
}

internal sealed class Date32Formatter(string column, Date32Array array) : ColumnFormatter(column)
{
    public override void Write(int index, ValueSink sink)
    {
        if (array.IsNull(index))
        {
            sink.Null();
            return;
        }
        Span<char> text = stackalloc char[16];
        var days = array.Values[index];
        if (!ValueText.TryFormatDate(days, text, out var n))
        {
            throw new InvalidDataException($"date {days} days from 1970-01-01 is outside years 1..9999");
        }
        sink.Text(text[..n]);
    }
}

internal sealed class TimestampFormatter(string column, TimestampArray array, int fractionDigits) : ColumnFormatter(column)
{
    private readonly long _unitsPerSecond = UnitsPerSecond((TimestampType)array.Data.DataType);

    public override void Write(int index, ValueSink sink)
    {
        if (array.IsNull(index))
        {
            sink.Null();
            return;
        }
        Span<char> text = stackalloc char[32];
        var value = array.Values[index];
        if (!ValueText.TryFormatTimestamp(value, _unitsPerSecond, fractionDigits, text, out var n))
        {
            throw new InvalidDataException($"timestamp {value} ({_unitsPerSecond} per second from the epoch) is outside years 1..9999");
        }
        sink.Text(text[..n]);
    }
}
