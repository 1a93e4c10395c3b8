namespace Sync.Orchestrator.Hosting;

/// <summary>
/// The top of the <c>Sync</c> configuration section: where DAGs and data live, which metadata store, job storage and
/// executor to use. Read from appsettings, the JSON file <c>SYNC_SETTINGS_FILE</c> names (the Helm chart's), and
/// <c>Sync__…</c> environment variables, in that order.
/// </summary>
public sealed class OrchestratorSettings
{
    public const string SectionName = "Sync";

    /// <summary>Folder of the YAML DAG files, reloaded on change.</summary>
    public string DagsFolder { get; set; } = "dags";

    /// <summary>Folder of the SQLite database and the local executor's logs.</summary>
    public string DataFolder { get; set; } = ".sync";

    public MetadataSettings Metadata { get; set; } = new();

    public HangfireSettings Hangfire { get; set; } = new();

    /// <summary>"local" (child processes, the embedded default) or "kubernetes" (one pod per attempt).</summary>
    public string Executor { get; set; } = "local";

    public sealed class MetadataSettings
    {
        /// <summary>"sqlite" (default, one replica) or "postgres" (production, several replicas).</summary>
        public string Provider { get; set; } = "sqlite";

        /// <summary>SQLite file; default <c>{DataFolder}/sync.db</c>.</summary>
        public string? SqlitePath { get; set; }

        /// <summary>PostgreSQL connection string (from a Secret in production), also used by Hangfire's PostgreSQL storage.</summary>
        public string? ConnectionString { get; set; }
    }

    public sealed class HangfireSettings
    {
        /// <summary>"inmemory" (default) or "postgres".</summary>
        public string Storage { get; set; } = "inmemory";

        /// <summary>Hangfire workers: attempts that can run at once in this replica (pools cap them further).</summary>
        public int WorkerCount { get; set; } = 32;
    }

    public void Validate()
    {
        if (Metadata.Provider is not ("sqlite" or "postgres"))
            throw new InvalidOperationException($"Sync:Metadata:Provider must be sqlite or postgres, not '{Metadata.Provider}'");
        if (Metadata.Provider == "postgres" && string.IsNullOrWhiteSpace(Metadata.ConnectionString))
            throw new InvalidOperationException("Sync:Metadata:ConnectionString is required with Sync:Metadata:Provider=postgres");
        if (Hangfire.Storage is not ("inmemory" or "postgres"))
            throw new InvalidOperationException($"Sync:Hangfire:Storage must be inmemory or postgres, not '{Hangfire.Storage}'");
        if (Hangfire.Storage == "postgres" && string.IsNullOrWhiteSpace(Metadata.ConnectionString))
            throw new InvalidOperationException("Sync:Hangfire:Storage=postgres uses Sync:Metadata:ConnectionString, which is not set");
        if (Hangfire.WorkerCount < 1) throw new InvalidOperationException("Sync:Hangfire:WorkerCount must be at least 1");
        if (Executor is not ("local" or "kubernetes"))
            throw new InvalidOperationException($"Sync:Executor must be local or kubernetes, not '{Executor}'");
    }
}
