namespace Sync.Storage;

/// <summary>The kind of request an <see cref="ObjectStoreException"/> failed in.</summary>
public enum ObjectStoreOperation
{
    List,
    Stat,
    Read,
    Put,
    Delete,
}
