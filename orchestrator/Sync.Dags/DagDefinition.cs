namespace Sync.Dags;

/// <summary>One DAG as loaded and validated from a YAML file.</summary>
public sealed record DagDefinition
{
    public required string Id { get; init; }

    /// <summary>The YAML file it came from.</summary>
    public required string FilePath { get; init; }

    public string? Description { get; init; }

    /// <summary>When to create runs; null = manual triggers only.</summary>
    public DagSchedule? Schedule { get; init; }

    /// <summary>First logical date catch-up may create a run for.</summary>
    public DateTimeOffset? StartDate { get; init; }

    /// <summary>Create runs for ticks missed while the orchestrator was down.</summary>
    public bool Catchup { get; init; }

    /// <summary>Runs of this DAG that may be running at once.</summary>
    public int MaxActiveRuns { get; init; } = DefaultMaxActiveRuns;

    /// <summary>Paused when first seen (until someone unpauses it).</summary>
    public bool PausedOnCreation { get; init; }

    public TaskDefaults Defaults { get; init; } = new();

    public IReadOnlyList<TableDefinition> Tables { get; init; } = [];

    public IReadOnlyList<CommandTaskDefinition> Tasks { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    public const int DefaultMaxActiveRuns = 1;
}
