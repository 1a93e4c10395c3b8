namespace Sync.Warehouse;

/// <summary>
/// A value cannot be written as it is (invalid UTF-8, a date out of range, a server warning such as truncation).
/// Names the table, column and row; retrying the same input does not help.
/// </summary>
public sealed class WarehouseDataException : Exception
{
    public WarehouseDataException(string message, string? table, string? column, long? row, Exception? inner = null)
        : base(message, inner)
    {
        Table = table;
        Column = column;
        Row = row;
    }

    public WarehouseDataException() : this("data error", null, null, null) { }

    public WarehouseDataException(string message) : this(message, null, null, null) { }

    public WarehouseDataException(string message, Exception inner) : this(message, null, null, null, inner) { }

    public string? Table { get; }
    public string? Column { get; }
    /// <summary>Row index within the batch being written, when known.</summary>
    public long? Row { get; }
}
