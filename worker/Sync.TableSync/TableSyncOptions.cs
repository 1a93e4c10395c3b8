using Sync.Storage;
using Sync.Tasks;

namespace Sync.TableSync;

/// <summary>Where the steps find their connections and object stores, and test hooks.</summary>
public sealed record TableSyncOptions
{
    /// <summary>Environment variable: after this many DDL statements of a start or finish step, the process kills itself (fault tests).</summary>
    public const string FaultAfterStatementVariable = "SYNC_FAULT_AFTER_STATEMENT";

    /// <summary>Resolves a connection name to a connection string (default: <see cref="ConnectionResolver"/> over the environment).</summary>
    public Func<string, string> ResolveConnection { get; init; } = new ConnectionResolver().Resolve;

    /// <summary>Opens the store for a URI (default: <see cref="ObjectStores.Open"/> with settings from the environment).</summary>
    public Func<string, IObjectStore>? OpenStore { get; init; }

    /// <summary>
    /// Kill the process right after the N-th DDL statement of a start or finish step (from <see cref="FaultAfterStatementVariable"/>).
    /// Only for fault-injection tests of resumability; null in normal runs.
    /// </summary>
    public int? FaultAfterStatement { get; init; }

    /// <summary>Overrides the loader's statement cap (bytes); null keeps the default.</summary>
    public int? MaxStatementBytes { get; init; }

    /// <summary>Rows per Arrow batch read from ORC.</summary>
    public int OrcBatchRows { get; init; } = 65_536;

    /// <summary>Files whose footers finish reads at once.</summary>
    public int FooterParallelism { get; init; } = 8;

    /// <summary>Options from the worker's environment.</summary>
    public static TableSyncOptions FromEnvironment(Func<string, string?> getEnv)
    {
        ArgumentNullException.ThrowIfNull(getEnv);
        var fault = getEnv(FaultAfterStatementVariable);
        return new TableSyncOptions
        {
            ResolveConnection = new ConnectionResolver(getEnv).Resolve,
            FaultAfterStatement = int.TryParse(fault, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null,
        };
    }
}
