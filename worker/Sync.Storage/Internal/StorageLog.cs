using Microsoft.Extensions.Logging;

namespace Sync.Storage.Internal;

internal static partial class StorageLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Operation} {Uri} failed (attempt {Attempt}), retrying in {DelayMs} ms: {Reason}")]
    public static partial void Retrying(ILogger logger, ObjectStoreOperation operation, string uri, int attempt, double delayMs, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "aborting multipart upload {UploadId} of {Uri} failed; the parts expire with the bucket's lifecycle rule: {Reason}")]
    public static partial void AbortFailed(ILogger logger, string uri, string uploadId, string reason);
}
