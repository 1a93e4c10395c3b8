using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Sync.Warehouse.Values;

/// <summary>
/// Serialises nested values (struct, list, map, union) as strict JSON: struct → object by field name, list → array,
/// map → object keyed by the key's text, dense or sparse union → {"tag":n,"value":v}. Strings are escaped by
/// <see cref="Utf8JsonWriter"/> (which also rejects invalid UTF-8), decimals are JSON numbers with their exact digits,
/// binaries are base64 strings, dates and timestamps are strings in the column formats, NaN and ±Infinity are null.
/// Characters outside the Basic Multilingual Plane (emoji) are written as \u surrogate-pair escapes, which AnalyticDB's
/// 3-byte utf8 stores safely; other non-ASCII text is written as is.
/// </summary>
internal sealed class JsonFormatter : ColumnFormatter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
        Indented = false,
    };

    private readonly IArrowArray _array;
    private readonly int _fractionDigits;
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly Utf8JsonWriter _writer;

    public JsonFormatter(string column, IArrowArray array, int fractionDigits) : base(column)
    {
        _array = array;
        _fractionDigits = fractionDigits;
        _writer = new Utf8JsonWriter(_buffer, WriterOptions);
    }

    public override void Write(int index, ValueSink sink)
    {
        if (_array.IsNull(index))
        {
            sink.Null();
            return;
        }
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        try
        {
            WriteValue(_array, index);
            _writer.Flush();
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"nested value cannot be written as JSON: {ex.Message}", ex);
        }
        sink.Text(_buffer.WrittenSpan);
    }

    private void WriteValue(IArrowArray array, int index)
    {
        if (array.IsNull(index))
        {
            _writer.WriteNullValue();
            return;
        }
        Span<char> text = stackalloc char[48];
        switch (array)
        {
            case BooleanArray a:
                _writer.WriteBooleanValue(a.GetValue(index)!.Value);
                break;
            case Int8Array a:
                _writer.WriteNumberValue(a.Values[index]);
                break;
            case Int16Array a:
                _writer.WriteNumberValue(a.Values[index]);
                break;
            case Int32Array a:
                _writer.WriteNumberValue(a.Values[index]);
                break;
            case Int64Array a:
                _writer.WriteNumberValue(a.Values[index]);
                break;
            case FloatArray a:
                if (float.IsFinite(a.Values[index])) _writer.WriteNumberValue(a.Values[index]);
                else _writer.WriteNullValue();
                break;
            case DoubleArray a:
                if (double.IsFinite(a.Values[index])) _writer.WriteNumberValue(a.Values[index]);
                else _writer.WriteNullValue();
                break;
            case Decimal128Array a:
                var n = ValueText.FormatDecimal128(a.ValueBuffer.Span.Slice((a.Offset + index) * 16, 16), ((Decimal128Type)a.Data.DataType).Scale, text);
                _writer.WriteRawValue(text[..n], skipInputValidation: true);
                break;
            case StringArray a:
                _writer.WriteStringValue(a.GetBytes(index));
                break;
            case BinaryArray a:
                _writer.WriteBase64StringValue(a.GetBytes(index));
                break;
            case Date32Array a:
                if (!ValueText.TryFormatDate(a.Values[index], text, out var dn)) throw new InvalidDataException($"date {a.Values[index]} is outside years 1..9999");
                _writer.WriteStringValue(text[..dn]);
                break;
            case TimestampArray a:
                if (!ValueText.TryFormatTimestamp(a.Values[index], UnitsPerSecond((TimestampType)a.Data.DataType), _fractionDigits, text, out var tn))
                {
                    throw new InvalidDataException($"timestamp {a.Values[index]} is outside years 1..9999");
                }
                _writer.WriteStringValue(text[..tn]);
                break;
            case StructArray a:
                WriteStruct(a, index);
                break;
            case MapArray a:
                WriteMap(a, index);
                break;
            case ListArray a:
                _writer.WriteStartArray();
                for (int i = a.ValueOffsets[index], end = a.ValueOffsets[index + 1]; i < end; i++) WriteValue(a.Values, i);
                _writer.WriteEndArray();
                break;
            case UnionArray a:
                WriteUnion(a, index);
                break;
            default:
                throw new InvalidDataException($"Arrow type {array.Data.DataType.Name} cannot be written as JSON");
        }
    }

    private void WriteStruct(StructArray array, int index)
    {
        var type = (StructType)array.Data.DataType;
        _writer.WriteStartObject();
        for (var f = 0; f < type.Fields.Count; f++)
        {
            _writer.WritePropertyName(type.Fields[f].Name);
            WriteValue(array.Fields[f], array.Offset + index);
        }
        _writer.WriteEndObject();
    }

    private void WriteMap(MapArray array, int index)
    {
        var keys = array.Keys;
        var values = array.Values;
        _writer.WriteStartObject();
        for (int i = array.ValueOffsets[index], end = array.ValueOffsets[index + 1]; i < end; i++)
        {
            _writer.WritePropertyName(KeyText(keys, i));
            WriteValue(values, i);
        }
        _writer.WriteEndObject();
    }

    private void WriteUnion(UnionArray array, int index)
    {
        var type = (UnionType)array.Data.DataType;
        var typeId = array.TypeIds[index];
        var child = System.Array.IndexOf(type.TypeIds, (int)typeId);
        if (child < 0) throw new InvalidDataException($"union type id {typeId} is not declared by the union type");
        var childIndex = array is DenseUnionArray dense ? dense.ValueOffsets[index] : array.Offset + index;
        _writer.WriteStartObject();
        _writer.WriteNumber("tag", typeId);
        _writer.WritePropertyName("value");
        WriteValue(array.Fields[child], childIndex);
        _writer.WriteEndObject();
    }

    private string KeyText(IArrowArray keys, int index) => keys switch
    {
        _ when keys.IsNull(index) => "null",
        StringArray s => s.GetString(index),
        Int8Array a => a.Values[index].ToString(CultureInfo.InvariantCulture),
        Int16Array a => a.Values[index].ToString(CultureInfo.InvariantCulture),
        Int32Array a => a.Values[index].ToString(CultureInfo.InvariantCulture),
        Int64Array a => a.Values[index].ToString(CultureInfo.InvariantCulture),
        BooleanArray a => a.GetValue(index)!.Value ? "true" : "false",
        _ => KeyAsJson(keys, index),
    };

    // Keys of other types (decimal, date, nested) are named by their JSON text.
    private string KeyAsJson(IArrowArray keys, int index)
    {
        var inner = new JsonFormatter(Column, keys, _fractionDigits);
        inner._writer.Reset(inner._buffer);
        inner.WriteValue(keys, index);
        inner._writer.Flush();
        return System.Text.Encoding.UTF8.GetString(inner._buffer.WrittenSpan).Trim('"');
    }
}
