namespace Sync.Metadata;

/// <summary>Task kinds the orchestrator runs itself rather than through an executor.</summary>
public static class OrchestratorTaskKinds
{
    /// <summary>Lists a table's source prefix and records its batches; the first step of every table.</summary>
    public const string Plan = "plan";
}
