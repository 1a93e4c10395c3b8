using System.Buffers;
using System.Text;

namespace Sync.Warehouse.Values;

/// <summary>
/// Writes rows as the tuples of a multi-row <c>INSERT ... VALUES (..),(..)</c>: strings as single-quoted literals with
/// MySQL backslash escapes (quote, backslash, NUL, CR, LF, Ctrl-Z), binaries as <c>X'hex'</c>, NULL as the keyword.
/// </summary>
internal sealed class SqlValuesSink : ValueSink
{
    private static readonly SearchValues<char> Specials = SearchValues.Create("'\\\0\n\r\u001a");
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private readonly StringBuilder _sql;
    private long _bytes;
    private int _field;
    private int _rows;
    private char[] _decodeBuffer = new char[256];

    public SqlValuesSink(StringBuilder sql)
    {
        _sql = sql;
        _bytes = sql.Length;
    }

    /// <summary>A sink continuing a statement that already holds <paramref name="rows"/> rows of <paramref name="bytes"/> bytes.</summary>
    public static SqlValuesSink Resume(StringBuilder sql, long bytes, int rows) => new(sql) { _bytes = bytes, _rows = rows };

    public override long ByteCount => _bytes;

    public int Rows => _rows;

    public override void BeginRow()
    {
        if (_rows > 0) _sql.Append(',');
        _sql.Append('(');
        _bytes += 2;
        _field = 0;
    }

    public override void EndRow()
    {
        _sql.Append(')');
        _bytes++;
        _rows++;
    }

    public override void Null()
    {
        Separator();
        _sql.Append("NULL");
        _bytes += 4;
    }

    public override void Raw(ReadOnlySpan<char> ascii)
    {
        Separator();
        _sql.Append(ascii);
        _bytes += ascii.Length;
    }

    public override void Text(ReadOnlySpan<byte> utf8)
    {
        int chars;
        try
        {
            chars = StrictUtf8.GetCharCount(utf8);
        }
        catch (DecoderFallbackException ex)
        {
            throw new InvalidDataException("string value is not valid UTF-8", ex);
        }
        if (_decodeBuffer.Length < chars) _decodeBuffer = new char[Math.Max(chars, _decodeBuffer.Length * 2)];
        StrictUtf8.GetChars(utf8, _decodeBuffer);
        AppendQuoted(_decodeBuffer.AsSpan(0, chars));
        _bytes += utf8.Length - chars;
    }

    public override void Text(ReadOnlySpan<char> text)
    {
        AppendQuoted(text);
        _bytes += Encoding.UTF8.GetByteCount(text) - text.Length;
    }

    public override void Binary(ReadOnlySpan<byte> bytes)
    {
        Separator();
        _sql.Append("X'");
        Span<char> hex = stackalloc char[256];
        while (bytes.Length > 0)
        {
            var take = Math.Min(bytes.Length, hex.Length / 2);
            Convert.TryToHexString(bytes[..take], hex, out var written);
            _sql.Append(hex[..written]);
            bytes = bytes[take..];
            _bytes += written;
        }
        _sql.Append('\'');
        _bytes += 3;
    }

    // Counts characters; callers correct to UTF-8 bytes.
    private void AppendQuoted(ReadOnlySpan<char> text)
    {
        Separator();
        _sql.Append('\'');
        _bytes += 2 + text.Length;
        while (true)
        {
            var at = text.IndexOfAny(Specials);
            if (at < 0)
            {
                _sql.Append(text);
                break;
            }
            _sql.Append(text[..at]);
            _sql.Append(text[at] switch
            {
                '\'' => "\\'",
                '\\' => "\\\\",
                '\0' => "\\0",
                '\n' => "\\n",
                '\r' => "\\r",
                _ => "\\Z",
            });
            _bytes++;
            text = text[(at + 1)..];
        }
        _sql.Append('\'');
    }

    private void Separator()
    {
        if (_field++ > 0)
        {
            _sql.Append(',');
            _bytes++;
        }
    }
}
