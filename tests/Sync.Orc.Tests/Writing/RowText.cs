using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Apache.Arrow;

namespace Sync.Orc.Tests.Writing;

/// <summary>Renders Arrow values as exact text (bits of floats, unscaled decimals) so rows can be compared across batches.</summary>
internal static class RowText
{
    public static List<string> Rows(IEnumerable<RecordBatch> batches)
    {
        var rows = new List<string>();
        foreach (var batch in batches)
        {
            for (var r = 0; r < batch.Length; r++)
            {
                var text = new StringBuilder();
                for (var c = 0; c < batch.ColumnCount; c++)
                {
                    if (c > 0) text.Append(" | ");
                    Append(text, batch.Column(c), r);
                }
                rows.Add(text.ToString());
            }
        }
        return rows;
    }

    private static void Append(StringBuilder text, IArrowArray array, int i)
    {
        if (array is not UnionArray && array.IsNull(i))
        {
            text.Append("null");
            return;
        }
        var inv = CultureInfo.InvariantCulture;
        switch (array)
        {
            case BooleanArray a: text.Append(a.GetValue(i) == true ? "true" : "false"); break;
            case Int8Array a: text.Append(a.Values[i].ToString(inv)); break;
            case Int16Array a: text.Append(a.Values[i].ToString(inv)); break;
            case Int32Array a: text.Append(a.Values[i].ToString(inv)); break;
            case Int64Array a: text.Append(a.Values[i].ToString(inv)); break;
            case FloatArray a: text.Append(float.IsNaN(a.Values[i]) ? "NaN" : BitConverter.SingleToInt32Bits(a.Values[i]).ToString(inv)); break;
            case DoubleArray a: text.Append(double.IsNaN(a.Values[i]) ? "NaN" : BitConverter.DoubleToInt64Bits(a.Values[i]).ToString(inv)); break;
            case StringArray a: text.Append('"').Append(a.GetString(i)).Append('"'); break;
            case BinaryArray a: text.Append(Convert.ToHexString(a.GetBytes(i))); break;
            case Decimal128Array a:
                text.Append(BinaryPrimitives.ReadInt128LittleEndian(a.ValueBuffer.Span.Slice((a.Offset + i) * 16, 16)).ToString(inv)).Append("e-").Append(a.Scale);
                break;
            case Date32Array a: text.Append(a.Values[i].ToString(inv)); break;
            case TimestampArray a: text.Append(a.Values[i].ToString(inv)); break;
            case StructArray a:
                text.Append('{');
                for (var f = 0; f < a.Fields.Count; f++)
                {
                    if (f > 0) text.Append(", ");
                    Append(text, a.Fields[f], i);
                }
                text.Append('}');
                break;
            case MapArray a:
            {
                text.Append('{');
                var offsets = a.ValueOffsets;
                for (var k = offsets[i]; k < offsets[i + 1]; k++)
                {
                    if (k > offsets[i]) text.Append(", ");
                    Append(text, a.Keys, k);
                    text.Append(": ");
                    Append(text, a.Values, k);
                }
                text.Append('}');
                break;
            }
            case ListArray a:
            {
                text.Append('[');
                var offsets = a.ValueOffsets;
                for (var k = offsets[i]; k < offsets[i + 1]; k++)
                {
                    if (k > offsets[i]) text.Append(", ");
                    Append(text, a.Values, k);
                }
                text.Append(']');
                break;
            }
            case DenseUnionArray a:
            {
                var typeId = a.TypeIds[i];
                var child = System.Array.IndexOf(a.Type.TypeIds, typeId);
                text.Append(typeId.ToString(inv)).Append(':');
                Append(text, a.Fields[child], a.ValueOffsets[i]);
                break;
            }
            default:
                throw new NotSupportedException($"no text for {array.Data.DataType.Name}");
        }
    }
}
