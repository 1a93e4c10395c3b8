using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using Sync.Orc.Schema;

namespace Sync.Orc.Text;

/// <summary>
/// Prints record batches one JSON line per row in the layout of Apache ORC's reference printer
/// (<c>{"a": 1, "b": [1, 2]}</c>; maps as key/value objects; unions as tag/value; floats as %.7g, doubles as
/// %.14g; decimals with exactly their scale; timestamps as "YYYY-MM-DD HH:MM:SS.f" with trailing zeros trimmed).
/// </summary>
public sealed class OrcJsonRowPrinter
{
    private const int FlushThreshold = 1 << 16;
    private readonly Stream _output;
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold * 2);

    /// <summary>Prints to <paramref name="output"/>; call <see cref="Flush"/> at the end.</summary>
    public OrcJsonRowPrinter(Stream output) => _output = output ?? throw new ArgumentNullException(nameof(output));

    /// <summary>Writes one line per row of <paramref name="batch"/>.</summary>
    public void Write(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var scalar = ArrowSchemaMapper.IsScalarRoot(batch.Schema);
        for (var row = 0; row < batch.Length; row++)
        {
            if (scalar)
            {
                WriteValue(batch.Column(0), row);
            }
            else
            {
                Raw("{"u8);
                for (var c = 0; c < batch.ColumnCount; c++)
                {
                    if (c > 0) Raw(", "u8);
                    WriteString(System.Text.Encoding.UTF8.GetBytes(batch.Schema.GetFieldByIndex(c).Name));
                    Raw(": "u8);
                    WriteValue(batch.Column(c), row);
                }
                Raw("}"u8);
            }
            Raw("\n"u8);
            if (_buffer.WrittenCount >= FlushThreshold) Flush();
        }
    }

    /// <summary>Writes buffered output to the stream.</summary>
    public void Flush()
    {
        _output.Write(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
    }

    private void Raw(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    private void Ascii(string text)
    {
        var span = _buffer.GetSpan(text.Length);
        for (var i = 0; i < text.Length; i++) span[i] = (byte)text[i];
        _buffer.Advance(text.Length);
    }

    private void Integer(long value)
    {
        var span = _buffer.GetSpan(24);
        value.TryFormat(span, out var n, default, CultureInfo.InvariantCulture);
        _buffer.Advance(n);
    }

    private void WriteValue(IArrowArray array, int index)
    {
        if (array is DenseUnionArray union)
        {
            var unionType = (UnionType)union.Data.DataType;
            var id = union.TypeIds[index];
            if (id == ArrowSchemaMapper.UnionNullTypeId(unionType))
            {
                Raw("null"u8);
                return;
            }
            Raw("{\"tag\": "u8);
            Integer(id);
            Raw(", \"value\": "u8);
            WriteValue(union.Fields[id], union.ValueOffsets[index]);
            Raw("}"u8);
            return;
        }
        if (array.IsNull(index))
        {
            Raw("null"u8);
            return;
        }
        switch (array)
        {
            case BooleanArray b:
                Raw(b.GetValue(index) == true ? "true"u8 : "false"u8);
                break;
            case Int8Array a:
                Integer(a.Values[index]);
                break;
            case Int16Array a:
                Integer(a.Values[index]);
                break;
            case Int32Array a:
                Integer(a.Values[index]);
                break;
            case Int64Array a:
                Integer(a.Values[index]);
                break;
            case FloatArray a:
                Ascii(CFormat.G(a.Values[index], 7));
                break;
            case DoubleArray a:
                Ascii(CFormat.G(a.Values[index], 14));
                break;
            case StringArray s:
                WriteString(s.GetBytes(index));
                break;
            case BinaryArray bin:
                WriteBytes(bin.GetBytes(index));
                break;
            case Decimal128Array d:
                WriteDecimal(d, index);
                break;
            case Date32Array d:
                WriteDate(d.Values[index]);
                break;
            case TimestampArray t:
                WriteTimestamp(t.Values[index]);
                break;
            case StructArray s:
                WriteStruct(s, index);
                break;
            case MapArray m:
                WriteMap(m, index);
                break;
            case ListArray l:
                WriteList(l, index);
                break;
            default:
                throw new NotSupportedException($"no JSON printing for Arrow type {array.Data.DataType.Name}");
        }
    }

    private void WriteStruct(StructArray s, int index)
    {
        var type = (StructType)s.Data.DataType;
        Raw("{"u8);
        for (var f = 0; f < type.Fields.Count; f++)
        {
            if (f > 0) Raw(", "u8);
            WriteString(System.Text.Encoding.UTF8.GetBytes(type.Fields[f].Name));
            Raw(": "u8);
            WriteValue(s.Fields[f], index);
        }
        Raw("}"u8);
    }

    private void WriteList(ListArray l, int index)
    {
        var start = l.ValueOffsets[index];
        var end = l.ValueOffsets[index + 1];
        Raw("["u8);
        for (var i = start; i < end; i++)
        {
            if (i > start) Raw(", "u8);
            WriteValue(l.Values, i);
        }
        Raw("]"u8);
    }

    private void WriteMap(MapArray m, int index)
    {
        var start = m.ValueOffsets[index];
        var end = m.ValueOffsets[index + 1];
        var entries = m.KeyValues;
        Raw("["u8);
        for (var i = start; i < end; i++)
        {
            if (i > start) Raw(", "u8);
            Raw("{\"key\": "u8);
            WriteValue(entries.Fields[0], i);
            Raw(", \"value\": "u8);
            WriteValue(entries.Fields[1], i);
            Raw("}"u8);
        }
        Raw("]"u8);
    }

    private void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Raw("["u8);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (i > 0) Raw(", "u8);
            Integer(bytes[i]);
        }
        Raw("]"u8);
    }

    private void WriteString(ReadOnlySpan<byte> bytes)
    {
        var span = _buffer.GetSpan((bytes.Length * 2) + 2);
        var n = 0;
        span[n++] = (byte)'"';
        foreach (var b in bytes)
        {
            switch (b)
            {
                case (byte)'"': span[n++] = (byte)'\\'; span[n++] = (byte)'"'; break;
                case (byte)'\\': span[n++] = (byte)'\\'; span[n++] = (byte)'\\'; break;
                case (byte)'\b': span[n++] = (byte)'\\'; span[n++] = (byte)'b'; break;
                case (byte)'\f': span[n++] = (byte)'\\'; span[n++] = (byte)'f'; break;
                case (byte)'\n': span[n++] = (byte)'\\'; span[n++] = (byte)'n'; break;
                case (byte)'\r': span[n++] = (byte)'\\'; span[n++] = (byte)'r'; break;
                case (byte)'\t': span[n++] = (byte)'\\'; span[n++] = (byte)'t'; break;
                default: span[n++] = b; break;
            }
        }
        span[n++] = (byte)'"';
        _buffer.Advance(n);
    }

    private void WriteDecimal(Decimal128Array d, int index)
    {
        var scale = ((Decimal128Type)d.Data.DataType).Scale;
        var raw = d.ValueBuffer.Span.Slice((d.Offset + index) * 16, 16);
        var value = new Int128(BinaryPrimitives.ReadUInt64LittleEndian(raw[8..]), BinaryPrimitives.ReadUInt64LittleEndian(raw));
        var negative = value < 0;
        var digits = (negative ? -value : value).ToString(CultureInfo.InvariantCulture);
        if (negative) Raw("-"u8);
        if (scale == 0)
        {
            Ascii(digits);
            return;
        }
        if (digits.Length <= scale) digits = new string('0', scale - digits.Length + 1) + digits;
        Ascii(digits[..^scale]);
        Raw("."u8);
        Ascii(digits[^scale..]);
    }

    private void WriteDate(int days)
    {
        Raw("\""u8);
        // civil-from-days (proleptic Gregorian) for any day number, not only DateOnly's years 1..9999
        long z = days + 719_468L;
        var era = (z >= 0 ? z : z - 146_096) / 146_097;
        var doe = z - (era * 146_097);
        var yoe = (doe - (doe / 1460) + (doe / 36_524) - (doe / 146_096)) / 365;
        var y = yoe + (era * 400);
        var doy = doe - ((365 * yoe) + (yoe / 4) - (yoe / 100));
        var mp = ((5 * doy) + 2) / 153;
        var d = doy - (((153 * mp) + 2) / 5) + 1;
        var m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2) y++;
        Ascii(string.Create(CultureInfo.InvariantCulture, $"{y:0000}-{m:00}-{d:00}"));
        Raw("\""u8);
    }

    private void WriteTimestamp(long nanos)
    {
        var seconds = Math.DivRem(nanos, 1_000_000_000L, out var fraction);
        if (fraction < 0)
        {
            seconds--;
            fraction += 1_000_000_000L;
        }
        var time = DateTime.UnixEpoch.AddSeconds(seconds);
        Raw("\""u8);
        Ascii(time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        Raw("."u8);
        if (fraction == 0)
        {
            Raw("0"u8);
        }
        else
        {
            Ascii(fraction.ToString("000000000", CultureInfo.InvariantCulture).TrimEnd('0'));
        }
        Raw("\""u8);
    }
}
