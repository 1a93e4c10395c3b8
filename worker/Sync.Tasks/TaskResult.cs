namespace Sync.Tasks;

/// <summary>
/// The one JSON line a worker prints last on stdout. The orchestrator reads it together with the exit code.
/// </summary>
public sealed record TaskResult
{
    public required string Status { get; init; } // "success" | "retryable" | "failed"
    public long Rows { get; init; }
    public long Bytes { get; init; }
    public int Files { get; init; }
    public double Seconds { get; init; }
    public string? Error { get; init; }
    /// <summary>Step-specific facts (e.g. expected vs actual counts per batch).</summary>
    public IReadOnlyDictionary<string, string>? Details { get; init; }
}

/// <summary>Worker exit codes.</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Success = 0;
    /// <summary>Failed, may succeed if retried (network, server, killed).</summary>
    public const int Retryable = 1;
    /// <summary>Failed for good: bad input or configuration. Retrying will not help.</summary>
    public const int Permanent = 2;
}
