namespace Sync.Dags;

/// <summary>How DAG files are read and checked.</summary>
public sealed record DagLoadOptions
{
    /// <summary>
    /// Whether a connection name is configured; null skips the check. A DAG naming an unknown connection does not load.
    /// </summary>
    public Func<string, bool>? IsKnownConnection { get; init; }

    /// <summary>Values for <c>${NAME}</c> references in DAG strings (default: the process environment).</summary>
    public Func<string, string?> GetVariable { get; init; } = Environment.GetEnvironmentVariable;
}
