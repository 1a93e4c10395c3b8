namespace Sync.Metadata;

/// <summary>Values of <see cref="DagRunRecord.TriggeredBy"/>.</summary>
public static class RunTriggers
{
    /// <summary>A cron tick of the DAG's schedule.</summary>
    public const string Schedule = "schedule";

    /// <summary>A user (dashboard, API, CLI).</summary>
    public const string Manual = "manual";

    /// <summary>A tick missed while the orchestrator was down, created on start because the DAG has catchup on.</summary>
    public const string Catchup = "catchup";
}
