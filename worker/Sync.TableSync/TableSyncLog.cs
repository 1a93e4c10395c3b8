using Microsoft.Extensions.Logging;

namespace Sync.TableSync;

internal static partial class TableSyncLog
{
    [LoggerMessage(1, LogLevel.Information, "{Kind} {DagId}/{RunId}/{TaskId} attempt {Attempt}: table {Database}.{Table}, staging {Staging}")]
    public static partial void StepStarting(ILogger logger, string kind, string dagId, string runId, string taskId, int attempt, string database, string table, string staging);

    [LoggerMessage(2, LogLevel.Information, "dropped stale staging table {Staging}")]
    public static partial void DroppedStaleStaging(ILogger logger, string staging);

    [LoggerMessage(3, LogLevel.Information, "created staging table {Staging} ({How})")]
    public static partial void CreatedStaging(ILogger logger, string staging, string how);

    [LoggerMessage(4, LogLevel.Information, "loaded {Uri}: {Rows} rows ({Bytes} bytes)")]
    public static partial void FileLoaded(ILogger logger, string uri, long rows, long bytes);

    [LoggerMessage(5, LogLevel.Information, "batch {Index}: {Rows} rows sent, {Inserted} new, {Statements} statements by {Mode}")]
    public static partial void BatchLoaded(ILogger logger, int index, long rows, long inserted, int statements, string mode);

    [LoggerMessage(6, LogLevel.Information, "swapped {Staging} into {Target}; backup {Backup}; dropped {Dropped}")]
    public static partial void Swapped(ILogger logger, string staging, string target, string backup, string dropped);

    [LoggerMessage(7, LogLevel.Information, "{Target} already holds this run's {Rows} rows (staging {Staging} gone): finishing backup pruning only")]
    public static partial void AlreadySwapped(ILogger logger, string target, long rows, string staging);

    [LoggerMessage(8, LogLevel.Warning, "source column(s) {Columns} have no column in {Table} and are not loaded")]
    public static partial void UnloadedColumns(ILogger logger, string columns, string table);

    [LoggerMessage(9, LogLevel.Error, "{Kind} failed ({Outcome}): {Message}")]
    public static partial void StepFailed(ILogger logger, string kind, string outcome, string message, Exception exception);

    [LoggerMessage(10, LogLevel.Information, "skipped empty object {Uri}")]
    public static partial void SkippedEmpty(ILogger logger, string uri);
}
