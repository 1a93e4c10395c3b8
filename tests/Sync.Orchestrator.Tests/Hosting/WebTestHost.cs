using Hangfire;
using Hangfire.InMemory;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sync.Dags;
using Sync.Metadata;
using Sync.Orchestrator.Api;
using Sync.Orchestrator.Dashboard;
using Sync.Orchestrator.Observability;
using Sync.Scheduling;
using Sync.Testing;

namespace Sync.Orchestrator.Tests.Hosting;

/// <summary>
/// The web layer served by Kestrel on a free loopback port, over a real SQLite metadata store in a temporary folder.
/// </summary>
internal sealed class WebTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _folder;

    private WebTestHost(WebApplication app, string folder, Uri address, IMetadataStore store)
    {
        _app = app;
        _folder = folder;
        Address = address;
        Store = store;
    }

    public Uri Address { get; }

    public IMetadataStore Store { get; }

    public string Folder => _folder;

    public static async Task<WebTestHost> StartAsync(IReadOnlyList<DagDefinition> dags, IReadOnlyList<DagImportError>? importErrors = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        var folder = Directory.CreateTempSubdirectory("sync-web-").FullName;
        var store = new SqliteMetadataStore(Path.Combine(folder, "metadata.db"));
        await store.InitializeAsync(CancellationToken.None);
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = ["--urls", address.ToString().TrimEnd('/')] });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        var registry = new StaticDagRegistry(dags, importErrors ?? []);
        builder.Services.AddSingleton<IMetadataStore>(store);
        builder.Services.AddSingleton<IDagRegistry>(registry);
        builder.Services.AddSingleton<IDagOperations>(new StoreDagOperations(store, registry));
        builder.Services.AddHangfire(configuration => configuration.UseInMemoryStorage());
        builder.Services.AddSyncWeb(builder.Configuration);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseSyncDashboard();
        app.MapSyncApi();
        app.MapSyncHealth();
        app.MapSyncMetrics();
        await app.StartAsync();
        return new WebTestHost(app, folder, address, store);
    }

    public static DagDefinition CommandDag(string id, params string[] taskIds) => new()
    {
        Id = id,
        FilePath = $"/dags/{id}.yaml",
        Description = $"{id} for tests",
        Tasks = taskIds.Select((t, i) => new CommandTaskDefinition
        {
            Id = t,
            Command = ["echo", t],
            DependsOn = i == 0 ? [] : [taskIds[i - 1]],
            Execution = new TaskDefaults(),
        }).ToList(),
    };

    /// <summary>Moves a task to a finished state as the executor would record it.</summary>
    public async Task FinishTaskAsync(string dagId, string runId, string taskId, TaskState state, long rows, string? logLocation, string? error = null)
    {
        var task = await Store.GetTaskAsync(dagId, runId, taskId, CancellationToken.None) ?? throw new InvalidOperationException($"no task {taskId}");
        var started = DateTimeOffset.UtcNow.AddSeconds(-3);
        var next = task with
        {
            State = state, Attempt = task.Attempt + 1, StartedAt = started, EndedAt = DateTimeOffset.UtcNow,
            DurationSeconds = 3, RowsLoaded = rows, LogLocation = logLocation, Error = error,
        };
        if (!await Store.TryUpdateTaskAsync(next, task.State, task.Attempt, CancellationToken.None))
            throw new InvalidOperationException($"task {taskId} moved under the test");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (Store is IDisposable disposable) disposable.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
