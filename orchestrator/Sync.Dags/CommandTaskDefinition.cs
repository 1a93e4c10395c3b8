namespace Sync.Dags;

/// <summary>A plain task: the worker runs <see cref="Command"/> (e.g. a pre- or post-step around the tables).</summary>
public sealed record CommandTaskDefinition
{
    public required string Id { get; init; }

    /// <summary>argv, environment references already expanded.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>Tasks or tables (meaning their finish step) that must succeed first.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>The DAG's defaults with this task's overrides applied.</summary>
    public required TaskDefaults Execution { get; init; }
}
