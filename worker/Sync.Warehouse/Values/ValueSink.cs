namespace Sync.Warehouse.Values;

/// <summary>
/// Receives the values of one row after another, each already reduced to its text or bytes. A sink knows how its wire
/// format separates, quotes and escapes them (SQL literals for INSERT, delimited text for LOAD DATA).
/// </summary>
internal abstract class ValueSink
{
    /// <summary>Approximate UTF-8 size of what has been written so far, to cap statements.</summary>
    public abstract long ByteCount { get; }

    public abstract void BeginRow();

    public abstract void EndRow();

    public abstract void Null();

    /// <summary>A number or other ASCII token written without quotes.</summary>
    public abstract void Raw(ReadOnlySpan<char> ascii);

    /// <summary>A string given as UTF-8 bytes; the sink quotes and escapes it.</summary>
    public abstract void Text(ReadOnlySpan<byte> utf8);

    /// <summary>A string given as characters; the sink quotes and escapes it.</summary>
    public abstract void Text(ReadOnlySpan<char> text);

    /// <summary>Raw bytes for a binary column.</summary>
    public abstract void Binary(ReadOnlySpan<byte> bytes);
}
