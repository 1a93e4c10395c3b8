namespace Sync.Api.Contracts;

/// <summary>One DAG as the REST API lists it: its schedule, whether it is paused, its last and next run.</summary>
public sealed record DagSummary
{
    public required string DagId { get; init; }

    public string? Description { get; init; }

    /// <summary>Cron expression, or null for a DAG that only runs when triggered.</summary>
    public string? Schedule { get; init; }

    /// <summary>IANA time zone the cron expression is read in (UTC unless the DAG names one).</summary>
    public string? TimeZone { get; init; }

    public bool IsPaused { get; init; }

    /// <summary>Tables and plain tasks the DAG declares (a table expands to plan, start, batches and finish per run).</summary>
    public IReadOnlyList<string> Tasks { get; init; } = [];

    /// <summary>The most recent run, or null when the DAG never ran.</summary>
    public DagRunSummary? LastRun { get; init; }

    /// <summary>When the scheduler will create the next run, or null when paused or unscheduled.</summary>
    public DateTimeOffset? NextRunAt { get; init; }

    /// <summary>The DAG file it was loaded from.</summary>
    public string? File { get; init; }
}
