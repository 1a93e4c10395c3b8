namespace Sync.Cli;

/// <summary>The orchestrator answered a request with an error status.</summary>
public sealed class SyncApiException : Exception
{
    public SyncApiException(string method, Uri uri, int statusCode, string serverMessage)
        : base($"{method} {uri} answered {statusCode}: {serverMessage}")
    {
        Method = method;
        Uri = uri;
        StatusCode = statusCode;
        ServerMessage = serverMessage;
    }

    public string Method { get; }

    public Uri Uri { get; }

    public int StatusCode { get; }

    /// <summary>The error text the server gave.</summary>
    public string ServerMessage { get; }
}
