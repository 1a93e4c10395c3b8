using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sync.Dags;
using Sync.Execution;
using Sync.Execution.Kubernetes;
using Sync.Execution.Local;
using Sync.FeatureSync.Supervision;
using Sync.Metadata;
using Sync.Scheduling;
using Sync.Storage;
using Sync.Tasks;

namespace Sync.Orchestrator.Hosting;

/// <summary>The orchestrator's core: metadata store, DAG registry, state machine, cron schedules, Hangfire and the executor.</summary>
public static class OrchestratorServiceCollectionExtensions
{
    public static IServiceCollection AddSyncOrchestrator(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = configuration.GetSection(OrchestratorSettings.SectionName).Get<OrchestratorSettings>() ?? new OrchestratorSettings();
        settings.Validate();
        services.AddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<SchedulerOptions>().Bind(configuration.GetSection(SchedulerOptions.SectionName))
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();

        services.AddSingleton<IMetadataStore>(_ => settings.Metadata.Provider == "postgres"
            ? new PostgresMetadataStore(settings.Metadata.ConnectionString!)
            : new SqliteMetadataStore(settings.Metadata.SqlitePath ?? Path.Combine(settings.DataFolder, "sync.db")));

        var connections = new ConnectionResolver();
        services.AddSingleton(_ => new DagRegistry(settings.DagsFolder, new DagLoadOptions { IsKnownConnection = name => connections.TryResolve(name) is not null }));
        services.AddSingleton<IDagRegistry>(sp => sp.GetRequiredService<DagRegistry>());

        services.AddSingleton<SchedulerSignal>();
        services.AddSingleton<RunCreator>();
        services.AddSingleton<IDagOperations, DagOperations>();
        services.AddSingleton<ITaskQueue, HangfireTaskQueue>();
        services.AddSingleton<RunStateMachine>();
        services.AddSingleton<TaskAttemptRunner>();
        services.AddTransient<TaskAttemptJob>();
        var storeSettings = ObjectStoreSettings.FromEnvironment(Environment.GetEnvironmentVariable);
        services.AddSingleton(sp => new TablePlanStep(
            sp.GetRequiredService<IMetadataStore>(),
            uri => ObjectStores.Open(uri, storeSettings, sp.GetRequiredService<ILoggerFactory>()),
            sp.GetRequiredService<ILogger<TablePlanStep>>()));
        services.AddSingleton<Func<string, IObjectStore>>(sp => uri => ObjectStores.Open(uri, storeSettings, sp.GetRequiredService<ILoggerFactory>()));
        AddExecutor(services, configuration, settings);

        services.AddHangfire((sp, hangfire) =>
        {
            hangfire.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            if (settings.Hangfire.Storage == "postgres")
                hangfire.UsePostgreSqlStorage(options => options.UseNpgsqlConnection(settings.Metadata.ConnectionString), new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true });
            else
                hangfire.UseInMemoryStorage();
        });
        services.AddHangfireServer(options =>
        {
            options.WorkerCount = settings.Hangfire.WorkerCount;
            options.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });

        // Order matters: the store and DAGs are ready before schedules arm and the state machine runs.
        services.AddHostedService<OrchestratorStartup>();
        services.AddHostedService<OrphanPodCleanup>();
        services.AddSingleton<CronScheduleService>();
        services.AddHostedService(sp => sp.GetRequiredService<CronScheduleService>());
        services.AddHostedService<SchedulerService>();
        // After orphan cleanup, which must see the supervisor's running attempts before it adopts them.
        services.AddFeatureSyncSupervision(configuration, connections);
        return services;
    }

    private static void AddExecutor(IServiceCollection services, IConfiguration configuration, OrchestratorSettings settings)
    {
        if (settings.Executor == "kubernetes")
        {
            var kubernetesSettings = configuration.GetSection("Sync:Kubernetes").Get<KubernetesExecutorSettings>() ?? new KubernetesExecutorSettings();
            var kubernetes = kubernetesSettings.ToOptions();
            services.AddSingleton(kubernetes);
            services.AddSingleton(_ => KubernetesClientFactory.Create(kubernetes));
            services.AddSingleton<ITaskExecutor>(sp =>
            {
                // Pod logs go to the object store when a prefix is set (they then outlive this orchestrator's disk).
                IPodLogSink sink = kubernetesSettings.LogPrefix is { Length: > 0 } prefix
                    ? new ObjectStorePodLogSink(sp.GetRequiredService<Func<string, IObjectStore>>()(prefix), prefix)
                    : new FolderPodLogSink(kubernetes.LogFolder);
                return new KubernetesExecutor(sp.GetRequiredService<k8s.IKubernetes>(), kubernetes, sink, sp.GetRequiredService<ILogger<KubernetesExecutor>>());
            });
            return;
        }
        var local = configuration.GetSection(LocalExecutorOptions.SectionName).Get<LocalExecutorOptions>() ?? new LocalExecutorOptions();
        if (configuration.GetSection(LocalExecutorOptions.SectionName)["LogFolder"] is null) local.LogFolder = Path.Combine(settings.DataFolder, "logs");
        services.AddSingleton(local);
        services.AddSingleton<ITaskExecutor>(sp => new LocalProcessExecutor(local, sp.GetRequiredService<ILogger<LocalProcessExecutor>>()));
    }
}
