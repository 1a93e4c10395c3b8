using Sync.Orchestrator.Api;
using Sync.Orchestrator.Dashboard;
using Sync.Orchestrator.Hosting;
using Sync.Orchestrator.Observability;

var builder = WebApplication.CreateBuilder(args);
// The Helm chart mounts its settings as a JSON file; environment variables (Secrets) still override it.
if (Environment.GetEnvironmentVariable("SYNC_SETTINGS_FILE") is { Length: > 0 } settingsFile)
{
    if (!File.Exists(settingsFile)) throw new FileNotFoundException($"SYNC_SETTINGS_FILE names '{settingsFile}', which does not exist", settingsFile);
    builder.Configuration.AddJsonFile(settingsFile, optional: false, reloadOnChange: false);
    builder.Configuration.AddEnvironmentVariables();
}
builder.Services.AddSyncOrchestrator(builder.Configuration);
builder.Services.AddSyncWeb(builder.Configuration);

var app = builder.Build();
app.UseSyncDashboard();
app.MapSyncApi();
app.MapSyncHealth();
app.MapSyncMetrics();
app.Run();
