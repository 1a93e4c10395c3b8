namespace Sync.Scheduling;

/// <summary>An operation refused for a reason the caller should report (HTTP 404 / 409 / 400).</summary>
public sealed class DagOperationException : Exception
{
    public DagOperationException(DagOperationError error, string message) : base(message) => Error = error;

    public DagOperationException()
    {
    }

    public DagOperationException(string message) : base(message)
    {
    }

    public DagOperationException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public DagOperationError Error { get; } = DagOperationError.Invalid;
}
