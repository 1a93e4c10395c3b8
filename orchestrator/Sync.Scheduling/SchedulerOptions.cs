namespace Sync.Scheduling;

/// <summary>The <c>Sync:Scheduler</c> settings: how often the state machine looks, and the concurrency caps.</summary>
public sealed class SchedulerOptions
{
    public const string SectionName = "Sync:Scheduler";
    public const string DefaultPool = "default";

    /// <summary>Longest time between two passes; a finished task or an operator action wakes the loop at once.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Shortest time between two passes, however often the loop is woken.</summary>
    public TimeSpan MinPassInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Tasks of one DAG (all its runs) that may hold a slot at once.</summary>
    public int MaxActiveTasksPerDag { get; set; } = 32;

    /// <summary>Slots per pool; a pool not named here has <see cref="DefaultPoolSlots"/>.</summary>
    public Dictionary<string, int> Pools { get; set; } = new(StringComparer.Ordinal);

    public int DefaultPoolSlots { get; set; } = 32;

    /// <summary>Memory factor for the attempt after an OOMKilled one, and the ceiling it never grows past.</summary>
    public double OomMemoryFactor { get; set; } = 2.0;

    public long MaxMemoryBytes { get; set; } = 16L * 1024 * 1024 * 1024;

    /// <summary>Extra wait past a task's own timeout before the orchestrator gives up on the executor.</summary>
    public TimeSpan TimeoutGrace { get; set; } = TimeSpan.FromMinutes(2);

    public int SlotsOf(string pool) => Pools.TryGetValue(pool, out var slots) ? slots : DefaultPoolSlots;

    public void Validate()
    {
        if (PollInterval <= TimeSpan.Zero) throw new InvalidOperationException($"{SectionName}:PollInterval must be positive");
        if (MinPassInterval < TimeSpan.Zero || MinPassInterval > PollInterval) throw new InvalidOperationException($"{SectionName}:MinPassInterval must be between 0 and PollInterval");
        if (MaxActiveTasksPerDag < 1) throw new InvalidOperationException($"{SectionName}:MaxActiveTasksPerDag must be at least 1");
        if (DefaultPoolSlots < 1) throw new InvalidOperationException($"{SectionName}:DefaultPoolSlots must be at least 1");
        foreach (var (pool, slots) in Pools)
            if (slots < 1) throw new InvalidOperationException($"{SectionName}:Pools:{pool} must be at least 1 (it is {slots})");
        if (!double.IsFinite(OomMemoryFactor) || OomMemoryFactor <= 1) throw new InvalidOperationException($"{SectionName}:OomMemoryFactor must be above 1");
    }
}
