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
/// Bytes collect in a block of the sink's own (plain array stores are the cheapest per-byte path) and move to the target
/// writer only on <see cref="Drain"/>, which callers call between rows: the target never holds part of a row, so a
/// stream ended early (an error while formatting or reading the next rows) cannot hand the server a truncated row.
/// The block grows for a row larger than itself.
/// </summary>
internal sealed class DelimitedTextSink : ValueSink
{
    public const byte FieldTerminator = (byte)',';
    public const byte LineTerminator = (byte)'\n';
    public const byte Enclosure = (byte)'"';

    /// <summary>Initial size of the block that holds bytes until they move to the target.</summary>
    public const int InitialBlockBytes = 512 * 1024;

    private static readonly SearchValues<byte> Specials = SearchValues.Create("\"\\"u8);

    private readonly IBufferWriter<byte> _target;
    private byte[] _block = new byte[InitialBlockBytes];
    private int _used;
    private long _drained;
    private int _field;
    private int _rows;

    public DelimitedTextSink(IBufferWriter<byte> target) => _target = target;

    public override long ByteCount => _drained + _used;

    /// <summary>Bytes written but not yet moved to the target.</summary>
    public int BufferedBytes => _used;

    public int Rows => _rows;

    /// <summary>Moves every byte written so far to the target; call it between rows.</summary>
    public void Drain()
    {
        if (_used == 0) return;
        _target.Write(_block.AsSpan(0, _used));
        _drained += _used;
        _used = 0;
    }

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
        var span = Reserve(ascii.Length);
        for (var i = 0; i < ascii.Length; i++) span[i] = (byte)ascii[i];
        _used += ascii.Length;
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
        if (_used == _block.Length) Reserve(1);
        _block[_used++] = b;
    }

    private void Put(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        _used += bytes.Length;
    }

    /// <summary>Room for <paramref name="count"/> more bytes in the block, growing it (a row larger than the block).</summary>
    private Span<byte> Reserve(int count)
    {
        if (_block.Length - _used < count)
        {
            var grown = new byte[Math.Max(_block.Length * 2, _used + count)];
            _block.AsSpan(0, _used).CopyTo(grown);
            _block = grown;
        }
        return _block.AsSpan(_used);
    }
}
