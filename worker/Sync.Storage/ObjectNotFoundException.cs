namespace Sync.Storage;

/// <summary>The object, or the bucket holding it, does not exist.</summary>
public sealed class ObjectNotFoundException : ObjectStoreException
{
    public ObjectNotFoundException(string uri, ObjectStoreOperation operation, Exception? innerException = null)
        : base($"{operation.ToString().ToLowerInvariant()} {uri}: no such object", uri, operation, isTransient: false, innerException)
    {
    }

    public override bool IsNotFound => true;
}
