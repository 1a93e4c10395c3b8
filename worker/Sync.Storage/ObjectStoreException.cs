namespace Sync.Storage;

/// <summary>
/// A request to an object store failed. Carries the URI and the operation; the underlying error is the inner
/// exception. Messages never contain credentials.
/// </summary>
public class ObjectStoreException : Exception
{
    public ObjectStoreException(string message, string uri, ObjectStoreOperation operation, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        Uri = uri;
        Operation = operation;
        IsTransient = isTransient;
    }

    /// <summary>The object or prefix the request was about.</summary>
    public string Uri { get; }

    public ObjectStoreOperation Operation { get; }

    /// <summary>True when trying again later may succeed (network errors, throttling, server errors, timeouts).</summary>
    public bool IsTransient { get; }

    /// <summary>True when the object (or its bucket) does not exist.</summary>
    public virtual bool IsNotFound => false;
}
