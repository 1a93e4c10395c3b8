namespace Sync.Dags;

/// <summary>Execution settings of a DAG's tasks (the <c>defaults</c> block); tables and tasks may override them.</summary>
public sealed record TaskDefaults
{
    public int Retries { get; init; } = DefaultRetries;
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(30);
    public bool ExponentialBackoff { get; init; } = true;
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(30);
    public TimeSpan Timeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Global pool the tasks take slots from.</summary>
    public string Pool { get; init; } = "default";

    public PodResources Pod { get; init; } = new();

    public const int DefaultRetries = 2;
}
