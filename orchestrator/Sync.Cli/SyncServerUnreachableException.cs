namespace Sync.Cli;

/// <summary>The orchestrator could not be reached, or did not answer within the timeout.</summary>
public sealed class SyncServerUnreachableException : Exception
{
    public SyncServerUnreachableException(Uri requestUri, string reason, Exception innerException)
        : base($"orchestrator unreachable at {requestUri.GetLeftPart(UriPartial.Authority)}: {reason} ({requestUri.AbsolutePath})", innerException)
    {
        RequestUri = requestUri;
    }

    public Uri RequestUri { get; }
}
