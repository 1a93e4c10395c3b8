using System.Text.RegularExpressions;
using Hangfire.Dashboard;
using Sync.Dags;
using Sync.Metadata;
using Sync.Orchestrator.Api;
using Sync.Scheduling;

namespace Sync.Orchestrator.Dashboard;

/// <summary>
/// Adds our pages, actions and the "DAGs" and "Feature sync" menu entries to Hangfire's dashboard. Hangfire keeps routes and menu in
/// process-wide lists, so they are added once; every handler reads its services from the request, so one
/// registration serves every host in the process.
/// </summary>
public static class SyncDashboardRoutes
{
    /// <summary>Newest runs listed on a DAG's page.</summary>
    public const int RunsPerDagPage = 50;

    private static readonly Lock Gate = new();
    private static bool _registered;

    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (_registered) return;
            var routes = DashboardRoutes.Routes;
            // Most specific patterns first: Hangfire takes the first that matches.
            routes.Add(DashboardPaths.TaskLogPattern, new TaskLogDispatcher());
            routes.Add(DashboardPaths.ClearTaskPattern, new DashboardCommandDispatcher(m => DashboardPaths.Run(Dag(m), Run(m)), ClearTaskAsync));
            routes.Add(DashboardPaths.ClearRunPattern, new DashboardCommandDispatcher(m => DashboardPaths.Run(Dag(m), Run(m)), ClearRunAsync));
            routes.Add(DashboardPaths.RunPattern, new AsyncPageDispatcher(LoadRunPageAsync));
            routes.Add(DashboardPaths.TriggerPattern, new DashboardCommandDispatcher(m => DashboardPaths.Dag(Dag(m)), TriggerAsync));
            routes.Add(DashboardPaths.PausePattern, new DashboardCommandDispatcher(m => DashboardPaths.Dags, SetPausedAsync));
            routes.Add(DashboardPaths.DagPattern, new AsyncPageDispatcher(LoadDagPageAsync));
            routes.Add(DashboardPaths.DagsPattern, new AsyncPageDispatcher(LoadDagsPageAsync));
            routes.Add(DashboardPaths.FeatureSyncPattern, new AsyncPageDispatcher(LoadFeatureSyncPageAsync));
            NavigationMenu.Items.Add(page => new MenuItem("DAGs", page.Url.To(DashboardPaths.Dags))
            {
                Active = page.RequestPath.StartsWith(DashboardPaths.Dags, StringComparison.OrdinalIgnoreCase),
            });
            NavigationMenu.Items.Add(page => new MenuItem("Feature sync", page.Url.To(DashboardPaths.FeatureSync))
            {
                Active = page.RequestPath.StartsWith(DashboardPaths.FeatureSync, StringComparison.OrdinalIgnoreCase),
            });
            _registered = true;
        }
    }

    private static string Dag(Match match) => match.Groups["dag"].Value;

    private static string Run(Match match) => match.Groups["run"].Value;

    private static T Service<T>(DashboardContext context) where T : notnull =>
        context.GetHttpContext().RequestServices.GetRequiredService<T>();

    private static async Task<RazorPage> LoadDagsPageAsync(DashboardContext context, Match match, CancellationToken ct)
    {
        var dags = await Service<DagOverview>(context).ListAsync(ct).ConfigureAwait(false);
        var errors = Service<IDagRegistry>(context).ImportErrors.Select(ApiMapper.ToInfo).ToList();
        return new DagsPage(dags, errors);
    }

    private static async Task<RazorPage> LoadFeatureSyncPageAsync(DashboardContext context, Match match, CancellationToken ct)
    {
        var overview = Service<FeatureSyncOverview>(context);
        if (!overview.Enabled) return new FeatureSyncPage(null, FeatureSyncOverview.NotConfigured + ".");
        try
        {
            return new FeatureSyncPage(await overview.ListAsync(ct).ConfigureAwait(false), null);
        }
        catch (MySqlConnector.MySqlException ex)
        {
            return new FeatureSyncPage(null, $"The feature-sync state database cannot be read: {ex.Message}");
        }
    }

    private static async Task<RazorPage> LoadDagPageAsync(DashboardContext context, Match match, CancellationToken ct)
    {
        var dagId = Dag(match);
        if (await Service<DagOverview>(context).GetAsync(dagId, ct).ConfigureAwait(false) is not { } dag)
            return new NotFoundPage($"DAG '{dagId}' is not loaded.");
        var runs = await Service<IMetadataStore>(context).ListRunsAsync(new RunQuery { DagId = dagId, Limit = RunsPerDagPage }, ct).ConfigureAwait(false);
        return new DagPage(dag, runs.Select(ApiMapper.ToSummary).ToList());
    }

    private static async Task<RazorPage> LoadRunPageAsync(DashboardContext context, Match match, CancellationToken ct)
    {
        var store = Service<IMetadataStore>(context);
        var (dagId, runId) = (Dag(match), Run(match));
        if (await store.GetRunAsync(dagId, runId, ct).ConfigureAwait(false) is not { } run)
            return new NotFoundPage($"Run '{runId}' of DAG '{dagId}' does not exist.");
        var tasks = TaskDisplayOrder.Sort(await store.ListTasksAsync(dagId, runId, ct).ConfigureAwait(false));
        return new RunPage(ApiMapper.ToSummary(run), tasks, Service<TimeProvider>(context).GetUtcNow());
    }

    private static async Task<DashboardCommandOutcome> TriggerAsync(DashboardContext context, Match match, IDagOperations operations, CancellationToken ct)
    {
        var dagId = Dag(match);
        var lines = await context.Request.GetFormValuesAsync("params").ConfigureAwait(false);
        var parameters = ParseParams(lines ?? []);
        var run = await operations.TriggerAsync(dagId, parameters, null, ct).ConfigureAwait(false);
        return new DashboardCommandOutcome($"Triggered run {run.RunId} of {dagId}.", DashboardPaths.Run(dagId, run.RunId));
    }

    private static async Task<DashboardCommandOutcome> SetPausedAsync(DashboardContext context, Match match, IDagOperations operations, CancellationToken ct)
    {
        var dagId = Dag(match);
        var pause = match.Groups["action"].Value == "pause";
        await operations.SetPausedAsync(dagId, pause, ct).ConfigureAwait(false);
        return new DashboardCommandOutcome(pause ? $"Paused {dagId}." : $"Unpaused {dagId}.", DashboardPaths.Dags);
    }

    private static async Task<DashboardCommandOutcome> ClearRunAsync(DashboardContext context, Match match, IDagOperations operations, CancellationToken ct)
    {
        var (dagId, runId) = (Dag(match), Run(match));
        var onlyFailedValues = await context.Request.GetFormValuesAsync("onlyFailed").ConfigureAwait(false);
        var onlyFailed = onlyFailedValues is not { Count: > 0 } || !string.Equals(onlyFailedValues[0], "false", StringComparison.OrdinalIgnoreCase);
        var cleared = await operations.ClearRunAsync(dagId, runId, onlyFailed, ct).ConfigureAwait(false);
        return new DashboardCommandOutcome($"Cleared {cleared} task(s) of run {runId}.", DashboardPaths.Run(dagId, runId));
    }

    private static async Task<DashboardCommandOutcome> ClearTaskAsync(DashboardContext context, Match match, IDagOperations operations, CancellationToken ct)
    {
        var (dagId, runId, taskId) = (Dag(match), Run(match), match.Groups["task"].Value);
        var cleared = await operations.ClearTaskAsync(dagId, runId, taskId, includeDownstream: true, ct).ConfigureAwait(false);
        return new DashboardCommandOutcome($"Cleared {taskId} and its downstream: {cleared} task(s).", DashboardPaths.Run(dagId, runId));
    }

    /// <summary>Reads the trigger form's parameters: one <c>key=value</c> per line, blank lines ignored.</summary>
    public static IReadOnlyDictionary<string, string> ParseParams(IEnumerable<string> fieldValues)
    {
        ArgumentNullException.ThrowIfNull(fieldValues);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in fieldValues.SelectMany(v => v.Split('\n')))
        {
            lineNumber++;
            var text = line.TrimEnd('\r').Trim();
            if (text.Length == 0) continue;
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw new DashboardInputException($"Parameter line {lineNumber} ('{text}') is not key=value.");
            result[text[..equals].Trim()] = text[(equals + 1)..].Trim();
        }
        return result;
    }
}
