using MySqlConnector;
using Sync.Orc;
using Sync.Storage;
using Sync.Tasks;
using Sync.Warehouse;

namespace Sync.TableSync;

/// <summary>Decides whether a failed step may succeed when retried (exit 1) or needs a person (exit 2).</summary>
internal static class FailureClassifier
{
    // Server errors that a retry cannot fix: access, unknown objects, bad SQL, bad values.
    private static readonly HashSet<MySqlErrorCode> PermanentServerErrors =
    [
        MySqlErrorCode.AccessDenied, MySqlErrorCode.DatabaseAccessDenied, MySqlErrorCode.TableAccessDenied, MySqlErrorCode.UnknownDatabase,
        MySqlErrorCode.ParseError, MySqlErrorCode.BadFieldError, MySqlErrorCode.NoSuchTable, MySqlErrorCode.WrongValueCountOnRow,
        MySqlErrorCode.TruncatedWrongValue, MySqlErrorCode.TruncatedWrongValueForField, MySqlErrorCode.DataTooLong,
        MySqlErrorCode.WarningDataOutOfRange, MySqlErrorCode.ColumnCannotBeNull, MySqlErrorCode.NotSupportedYet,
        MySqlErrorCode.TooLongIdentifier,
    ];

    public static int ExitCodeFor(Exception exception) => exception switch
    {
        TableSyncException t => t.Permanent ? ExitCodes.Permanent : ExitCodes.Retryable,
        WarehouseSchemaException or WarehouseDataException or OrcFormatException => ExitCodes.Permanent,
        ObjectStoreConfigurationException => ExitCodes.Permanent,
        ObjectStoreException s => s.IsTransient ? ExitCodes.Retryable : ExitCodes.Permanent,
        MySqlException m when PermanentServerErrors.Contains(m.ErrorCode) => ExitCodes.Permanent,
        _ => ExitCodes.Retryable,
    };
}
