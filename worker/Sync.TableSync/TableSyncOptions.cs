using Sync.Storage;
using Sync.Tasks;

namespace Sync.TableSync;

/// <summary>Where the steps find their connections and object stores, and test hooks.</summary>
public sealed record TableSyncOptions
{
    /// <summary>Environment variable: after this many DDL statements of a start or finish step, the process kills itself (fault tests).</summary>
    public const string FaultAfterStatementVariable = "SYNC_FAULT_AFTER_STATEMENT";

    /// <summary>
    /// Environment variable: what the fault hook does after that statement: <c>kill</c> (default; the process kills
    /// itself) or <c>pause</c> (it prints where it stopped and waits, so a test can SIGKILL it from outside).
    /// </summary>
    public const string FaultModeVariable = "SYNC_FAULT_MODE";

    /// <summary>Environment variable: the loader's statement cap in bytes (see <see cref="MaxStatementBytes"/>).</summary>
    public const string MaxStatementBytesVariable = "SYNC_LOADER_MAX_STATEMENT_BYTES";

    /// <summary>Environment variable: bytes one LOAD DATA statement streams (see <see cref="MaxLoadDataBytes"/>).</summary>
    public const string MaxLoadDataBytesVariable = "SYNC_LOADER_MAX_LOAD_DATA_BYTES";

    /// <summary>Resolves a connection name to a connection string (default: <see cref="ConnectionResolver"/> over the environment).</summary>
    public Func<string, string> ResolveConnection { get; init; } = new ConnectionResolver().Resolve;

    /// <summary>Opens the store for a URI (default: <see cref="ObjectStores.Open"/> with settings from the environment).</summary>
    public Func<string, IObjectStore>? OpenStore { get; init; }

    /// <summary>
    /// Kill the process right after the N-th DDL statement of a start or finish step (from <see cref="FaultAfterStatementVariable"/>).
    /// Only for fault-injection tests of resumability; null in normal runs.
    /// </summary>
    public int? FaultAfterStatement { get; init; }

    /// <summary>With <see cref="FaultAfterStatement"/>: wait to be killed from outside instead of killing the process.</summary>
    public bool FaultPauses { get; init; }

    /// <summary>Overrides the loader's INSERT statement cap (bytes); null keeps the default.</summary>
    public int? MaxStatementBytes { get; init; }

    /// <summary>Overrides the bytes one LOAD DATA statement streams; null keeps the default.</summary>
    public long? MaxLoadDataBytes { get; init; }

    /// <summary>Rows per Arrow batch read from ORC.</summary>
    public int OrcBatchRows { get; init; } = 65_536;

    /// <summary>Files whose footers finish reads at once.</summary>
    public int FooterParallelism { get; init; } = 8;

    /// <summary>Options from the worker's environment.</summary>
    public static TableSyncOptions FromEnvironment(Func<string, string?> getEnv)
    {
        ArgumentNullException.ThrowIfNull(getEnv);
        var fault = getEnv(FaultAfterStatementVariable);
        var mode = getEnv(FaultModeVariable);
        if (mode is { Length: > 0 } && mode is not ("kill" or "pause"))
        {
            throw new TableSyncException($"{FaultModeVariable}='{mode}' is not one of kill, pause");
        }
        int? maxStatementBytes = null;
        if (getEnv(MaxStatementBytesVariable) is { Length: > 0 } cap)
        {
            maxStatementBytes = int.TryParse(cap, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bytes)
                ? bytes
                : throw new TableSyncException($"{MaxStatementBytesVariable}='{cap}' is not a whole number of bytes");
        }
        long? maxLoadDataBytes = null;
        if (getEnv(MaxLoadDataBytesVariable) is { Length: > 0 } streamCap)
        {
            maxLoadDataBytes = long.TryParse(streamCap, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bytes)
                ? bytes
                : throw new TableSyncException($"{MaxLoadDataBytesVariable}='{streamCap}' is not a whole number of bytes");
        }
        return new TableSyncOptions
        {
            ResolveConnection = new ConnectionResolver(getEnv).Resolve,
            FaultAfterStatement = int.TryParse(fault, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null,
            FaultPauses = mode == "pause",
            MaxStatementBytes = maxStatementBytes,
            MaxLoadDataBytes = maxLoadDataBytes,
        };
    }
}
