namespace Sync.Planning;

/// <summary>
/// A file's path does not carry a declared partition column, or carries a value that does not parse as the
/// column's declared type. Names the object, the column and the value.
/// </summary>
public sealed class PartitionPathException : Exception
{
    public PartitionPathException(string message, string uri, string column, string? value)
        : base(message)
    {
        Uri = uri;
        Column = column;
        Value = value;
    }

    /// <summary>The object whose path is at fault.</summary>
    public string Uri { get; }

    /// <summary>The declared partition column.</summary>
    public string Column { get; }

    /// <summary>The value found in the path (decoded); null when the column is missing from the path.</summary>
    public string? Value { get; }
}
