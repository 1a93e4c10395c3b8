using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;

namespace Sync.Storage.Internal;

/// <summary>Sorts S3/OSS and network failures into transient, not-found and permanent, and wraps them.</summary>
internal static class S3Errors
{
    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable", "Throttling", "ThrottlingException",
        "RequestTimeTooSkewed", "RequestLimitExceeded",
    };

    private static readonly HashSet<string> NotFoundCodes = new(StringComparer.Ordinal) { "NoSuchKey", "NoSuchBucket", "NotFound" };

    /// <summary>True when a retry may succeed. Cancellation by the caller is never transient.</summary>
    public static bool IsTransient(Exception error, CancellationToken callerToken)
    {
        if (callerToken.IsCancellationRequested) return false;
        for (var e = error; e != null; e = e.InnerException)
        {
            switch (e)
            {
                case ObjectStoreException store:
                    return store.IsTransient;
                case AmazonServiceException service when service.StatusCode != 0:
                    var status = (int)service.StatusCode;
                    if (status >= 500 || status == 429 || status == 408) return true;
                    if (service.ErrorCode != null && TransientCodes.Contains(service.ErrorCode)) return true;
                    return false;
                case HttpRequestException or IOException or SocketException or TimeoutException or OperationCanceledException:
                    return true;
            }
        }
        return false;
    }

    public static bool IsNotFound(Exception error)
    {
        for (var e = error; e != null; e = e.InnerException)
        {
            if (e is AmazonServiceException service && service.StatusCode != 0)
                return service.StatusCode == HttpStatusCode.NotFound || (service.ErrorCode != null && NotFoundCodes.Contains(service.ErrorCode));
        }
        return false;
    }

    /// <summary>One line about the cause: HTTP status and S3 error code when the service answered.</summary>
    public static string Describe(Exception error)
    {
        for (var e = error; e != null; e = e.InnerException)
        {
            if (e is AmazonServiceException service && service.StatusCode != 0)
                return $"HTTP {(int)service.StatusCode} {service.ErrorCode}: {service.Message}";
        }
        return error.InnerException is { } inner && error is AmazonClientException
            ? $"{error.Message} ({inner.Message})"
            : error.Message;
    }

    /// <summary>Wraps a failure that survived the retries; an <see cref="ObjectStoreException"/> passes through.</summary>
    public static ObjectStoreException Wrap(Exception error, string uri, ObjectStoreOperation operation, int maxAttempts, CancellationToken callerToken)
    {
        if (error is ObjectStoreException store) return store;
        if (IsNotFound(error)) return new ObjectNotFoundException(uri, operation, error);
        var transient = IsTransient(error, callerToken);
        var tries = transient && maxAttempts > 1 ? $" after {maxAttempts} attempts" : "";
        return new ObjectStoreException(
            $"{operation.ToString().ToLowerInvariant()} {uri} failed{tries}: {Describe(error)}", uri, operation, transient, error);
    }
}
