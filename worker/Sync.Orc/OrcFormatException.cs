namespace Sync.Orc;

/// <summary>
/// The ORC input is malformed, truncated or uses something this reader does not support.
/// The only exception type the reader lets escape for bad input; the properties say where it was found.
/// </summary>
public sealed class OrcFormatException : Exception
{
    public OrcFormatException()
    {
    }

    public OrcFormatException(string message)
        : base(message)
    {
    }

    public OrcFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the location folded into the message.</summary>
    public OrcFormatException(string detail, string? file, int? stripe, int? column, string? stream, Exception? innerException = null)
        : base(Describe(detail, file, stripe, column, stream), innerException)
    {
        Detail = detail;
        File = file;
        Stripe = stripe;
        Column = column;
        Stream = stream;
    }

    /// <summary>What is wrong, without the location.</summary>
    public string? Detail { get; }

    /// <summary>The file (range source name) being read.</summary>
    public string? File { get; }

    /// <summary>The 0-based stripe, when the problem is inside one.</summary>
    public int? Stripe { get; }

    /// <summary>The ORC column id (0 = root), when the problem is in one column.</summary>
    public int? Column { get; }

    /// <summary>The stream kind (e.g. DATA, LENGTH) or tail section (postscript, footer, metadata).</summary>
    public string? Stream { get; }

    private static string Describe(string detail, string? file, int? stripe, int? column, string? stream)
    {
        var where = new List<string>(4);
        if (file != null) where.Add($"file {file}");
        if (stripe != null) where.Add($"stripe {stripe}");
        if (column != null) where.Add($"column {column}");
        if (stream != null) where.Add($"stream {stream}");
        return where.Count == 0 ? detail : $"{detail} ({string.Join(", ", where)})";
    }
}
