using System.Globalization;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Sync.FeatureSync.Output;

/// <summary>
/// RFC 4180 CSV: a header line of column names, CRLF line ends, fields quoted when they hold a comma, quote or line
/// break. NULL is an empty unquoted field; an empty string is <c>""</c>. Timestamps are <c>yyyy-MM-dd HH:mm:ss.ffffff</c>
/// (wall clock), dates <c>yyyy-MM-dd</c>, binary values hex, numbers in invariant culture (doubles round-trip).
/// </summary>
internal sealed class CsvRowFileWriter : IRowFileWriter
{
    private readonly StreamWriter _writer;
    private readonly Schema _schema;
    private bool _headerWritten;

    public CsvRowFileWriter(Stream output, Schema schema)
    {
        _writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
        _schema = schema;
    }

    public async ValueTask WriteAsync(RecordBatch batch, CancellationToken ct)
    {
        var line = new StringBuilder(256);
        if (!_headerWritten)
        {
            for (int c = 0; c < _schema.FieldsList.Count; c++)
            {
                if (c > 0) line.Append(',');
                AppendText(line, _schema.FieldsList[c].Name);
            }
            await _writer.WriteLineAsync(line, ct).ConfigureAwait(false);
            _headerWritten = true;
        }
        for (int row = 0; row < batch.Length; row++)
        {
            line.Clear();
            for (int c = 0; c < batch.ColumnCount; c++)
            {
                if (c > 0) line.Append(',');
                AppendValue(line, batch.Column(c), row);
            }
            await _writer.WriteLineAsync(line, ct).ConfigureAwait(false);
        }
    }

    public async ValueTask CompleteAsync(CancellationToken ct)
    {
        if (!_headerWritten) await WriteAsync(new RecordBatch(_schema, _schema.FieldsList.Select(f => (IArrowArray)new NullArray(0)), 0), ct).ConfigureAwait(false);
        await _writer.FlushAsync(ct).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private static void AppendValue(StringBuilder line, IArrowArray array, int row)
    {
        if (array.IsNull(row)) return;
        var inv = CultureInfo.InvariantCulture;
        switch (array)
        {
            case BooleanArray a: line.Append(a.GetValue(row) == true ? "true" : "false"); break;
            case Int8Array a: line.Append(a.GetValue(row)!.Value.ToString(inv)); break;
            case Int16Array a: line.Append(a.GetValue(row)!.Value.ToString(inv)); break;
            case Int32Array a: line.Append(a.GetValue(row)!.Value.ToString(inv)); break;
            case Int64Array a: line.Append(a.GetValue(row)!.Value.ToString(inv)); break;
            case FloatArray a: line.Append(a.GetValue(row)!.Value.ToString("R", inv)); break;
            case DoubleArray a: line.Append(a.GetValue(row)!.Value.ToString("R", inv)); break;
            case Decimal128Array a: line.Append(a.GetValue(row)!.Value.ToString(inv)); break;
            case StringArray a: AppendText(line, a.GetString(row)); break;
            case BinaryArray a: line.Append(Convert.ToHexString(a.GetBytes(row))); break;
            case Date32Array a: line.Append(a.GetDateOnly(row)!.Value.ToString("yyyy-MM-dd", inv)); break;
            case TimestampArray a:
                line.Append(a.GetTimestamp(row)!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", inv));
                break;
            default: throw new NotSupportedException($"CSV output has no format for Arrow type {array.Data.DataType.Name}");
        }
    }

    private static void AppendText(StringBuilder line, string text)
    {
        if (text.Length == 0)
        {
            line.Append("\"\"");
            return;
        }
        if (text.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            line.Append(text);
            return;
        }
        line.Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
