namespace Sync.Warehouse;

/// <summary>
/// The data cannot be loaded as declared: a name breaks the warehouse's rules, a type has no mapping, or the target table
/// cannot be filled from the source columns. Retrying does not help.
/// </summary>
public sealed class WarehouseSchemaException : Exception
{
    public WarehouseSchemaException(string message, IReadOnlyList<string> columns) : base(message) => Columns = columns;

    public WarehouseSchemaException(string message) : this(message, []) { }

    public WarehouseSchemaException() : this("schema error") { }

    public WarehouseSchemaException(string message, Exception inner) : base(message, inner) => Columns = [];

    /// <summary>The columns (or identifiers) at fault.</summary>
    public IReadOnlyList<string> Columns { get; }
}
