using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Sync.Warehouse.Values;

/// <summary>
/// Writes rows as the text <c>LOAD DATA ... FIELDS TERMINATED BY ',' ENCLOSED BY '"' LINES TERMINATED BY '\n'</c> reads,
/// without an ESCAPED BY clause (AnalyticDB's grammar has none):
/// <list type="bullet">
/// <item>NULL is <c>\N</c>, unenclosed; every string, date and binary is enclosed in double quotes, so an empty string
/// (<c>""</c>) and NULL stay apart.</item>
/// <item>An embedded quote is doubled (<c>""</c>), which both MySQL and OpenCSV read back as one quote.</item>
/// <item>A backslash is doubled: MySQL applies its default escape character <c>\</c> when ESCAPED BY is absent, and
/// OpenCSV's parser treats <c>\</c> as its escape character as well, so <c>\\</c> reads back as one backslash on both.
/// Tabs, newlines and other bytes pass through inside the quotes unchanged.</item>
/// <item>Numbers are written bare.</item>
/// </list>
/// The text is UTF-8 (the connection character set); binary values are written as their raw bytes, escaped the same way.
/// </summary>
internal sealed class DelimitedTextSink : ValueSink
{
    public const byte FieldTerminator = (byte)',';
    public const byte LineTerminator = (byte)'\n';
    public const byte Enclosure = (byte)'"';

    private static readonly SearchValues<byte> Specials = SearchValues.Create("\"\\"u8);

    private readonly ArrayBufferWriter<byte> _buffer;
    private int _field;
    private int _rows;

    public DelimitedTextSink(ArrayBufferWriter<byte> buffer) => _buffer = buffer;

    public override long ByteCount => _buffer.WrittenCount;

    public int Rows => _rows;

    public override void BeginRow() => _field = 0;

    public override void EndRow()
    {
        Put(LineTerminator);
        _rows++;
    }

    public override void Null()
    {
        Separator();
        Put("\\N"u8);
    }

    public override void Raw(ReadOnlySpan<char> ascii)
    {
        Separator();
        var span = _buffer.GetSpan(ascii.Length);
        for (var i = 0; i < ascii.Length; i++) span[i] = (byte)ascii[i];
        _buffer.Advance(ascii.Length);
    }

    public override void Text(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8)) throw new InvalidDataException("string value is not valid UTF-8");
        Enclosed(utf8);
    }

    public override void Text(ReadOnlySpan<char> text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        var bytes = max <= 512 ? stackalloc byte[max] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var n = Encoding.UTF8.GetBytes(text, bytes);
            Enclosed(bytes[..n]);
        }
        finally
        {
            if (rented != null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public override void Binary(ReadOnlySpan<byte> bytes) => Enclosed(bytes);

    private void Enclosed(ReadOnlySpan<byte> value)
    {
        Separator();
        Put(Enclosure);
        while (true)
        {
            var at = value.IndexOfAny(Specials);
            if (at < 0)
            {
                Put(value);
                break;
            }
            Put(value[..(at + 1)]);
            Put(value[at]); // doubled: "" or \\
            value = value[(at + 1)..];
        }
        Put(Enclosure);
    }

    private void Separator()
    {
        if (_field++ > 0) Put(FieldTerminator);
    }

    private void Put(byte b)
    {
        _buffer.GetSpan(1)[0] = b;
        _buffer.Advance(1);
    }

    private void Put(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);
}
