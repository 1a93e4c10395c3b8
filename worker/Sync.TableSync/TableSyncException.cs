namespace Sync.TableSync;

/// <summary>
/// A table-sync step failed for a reason it can name: bad configuration, a schema mismatch, a corrupt file, counts that
/// do not add up. <see cref="Permanent"/> says whether a retry could help; <see cref="Details"/> carries the facts
/// (e.g. expected and actual rows per batch) into the task result.
/// </summary>
public sealed class TableSyncException : Exception
{
    public TableSyncException(string message, bool permanent = true, IReadOnlyDictionary<string, string>? details = null, Exception? inner = null)
        : base(message, inner)
    {
        Permanent = permanent;
        Details = details;
    }

    public TableSyncException() : this("table sync failed") { }

    public TableSyncException(string message) : this(message, true) { }

    public TableSyncException(string message, Exception inner) : this(message, true, null, inner) { }

    public bool Permanent { get; }

    public IReadOnlyDictionary<string, string>? Details { get; }
}
