using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.Running;
using Sync.FeatureSync.State;
using Sync.Storage;
using Sync.Tasks;

namespace Sync.Worker.Commands;

/// <summary>
/// `feature-sync create|status|delete|run`: online → offline feature sync jobs. Jobs and task state live in the state
/// database (<c>--state-connection</c>, default connection name <c>sync-state</c>; database <c>sync_state</c>).
/// </summary>
public static class FeatureSyncCommands
{
    private static readonly Option<string> StateConnection = new("--state-connection")
    {
        Description = "Connection name of the MySQL/MariaDB server holding the state database",
        DefaultValueFactory = _ => "sync-state",
        Recursive = true,
    };

    private static readonly Option<string> StateDatabase = new("--state-database")
    {
        Description = "State database name",
        DefaultValueFactory = _ => FeatureSyncStateStore.DefaultDatabase,
        Recursive = true,
    };

    public static Command Build()
    {
        var sync = new Command("feature-sync", "Continuous online → offline feature sync");
        sync.Options.Add(StateConnection);
        sync.Options.Add(StateDatabase);
        sync.Subcommands.Add(BuildCreate());
        sync.Subcommands.Add(BuildStatus());
        sync.Subcommands.Add(BuildDelete());
        sync.Subcommands.Add(BuildRun());
        return sync;
    }

    private static Command BuildCreate()
    {
        var file = new Option<string?>("--file") { Description = "Read the job from a YAML file (e.g. dags/feature_sync_user_features.yaml) instead of options" };
        var job = new Option<string?>("--job") { Description = "Job id (default: the table name)" };
        var table = new Option<string?>("--table") { Description = "Source table, table or database.table" };
        var key = new Option<string?>("--key") { Description = "Key column" };
        var ts = new Option<string?>("--ts") { Description = "Timestamp column" };
        var mode = new Option<string>("--mode") { Description = "full | incremental | full-and-incremental", DefaultValueFactory = _ => "full" };
        var startTs = new Option<string?>("--start-ts") { Description = "incremental: copy rows whose timestamp is at or after this (yyyy-MM-ddTHH:mm:ss)" };
        var startPosition = new Option<string?>("--start-position") { Description = "Start after TS/KEY (continue a deleted job; `delete` prints its positions)" };
        var dest = new Option<string[]>("--dest") { Description = "Destination root URI (repeatable): file://, s3://, oss://", AllowMultipleArgumentsPerToken = false };
        var partitions = new Option<int?>("--partitions") { Description = "Partition tasks, split by CRC32(key) % P" };
        var keyRanges = new Option<string?>("--key-ranges") { Description = "Split by key ranges instead: comma-separated bounds b1,b2,… (P = bounds + 1)" };
        var format = new Option<string>("--format") { Description = "Output format: orc (default) or csv", DefaultValueFactory = _ => "orc" };
        var source = new Option<string?>("--source-connection") { Description = "Connection name of the online store" };
        var offlineTable = new Option<string?>("--offline-table") { Description = "Folder name of the offline table (default: source table name)" };
        var settle = new Option<string?>("--settle") { Description = "Read rows only once their timestamp is this old (default 5s)" };
        var rollRows = new Option<long?>("--roll-rows") { Description = "Publish a file at this many rows (default 1000000)" };
        var rollBytes = new Option<string?>("--roll-bytes") { Description = "Publish a file at about this size (default 128MB)" };
        var rollInterval = new Option<string?>("--roll-interval") { Description = "Publish a file once it is this old (default 5m)" };
        var pageRows = new Option<int?>("--page-rows") { Description = "Rows per read (default 10000)" };
        var quiet = new Option<string?>("--quiet") { Description = "full mode: stop after this long without new rows (default 10s)" };

        var cmd = new Command("create", "Create a feature-sync job");
        foreach (var o in new Option[] { file, job, table, key, ts, mode, startTs, startPosition, dest, partitions, keyRanges, format, source, offlineTable, settle, rollRows, rollBytes, rollInterval, pageRows, quiet })
            cmd.Options.Add(o);
        cmd.SetAction(async (parse, ct) =>
        {
            FeatureSyncJob definition;
            try
            {
                if (parse.GetValue(file) is { } path)
                {
                    definition = FeatureSyncJobYaml.LoadFile(path);
                }
                else
                {
                    string tableName = parse.GetValue(table) ?? throw new FeatureSyncConfigurationException("--table is required (or --file)");
                    var bounds = parse.GetValue(keyRanges)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                    definition = new FeatureSyncJob
                    {
                        JobId = parse.GetValue(job) ?? tableName[(tableName.IndexOf('.', StringComparison.Ordinal) + 1)..],
                        Table = tableName,
                        KeyColumn = parse.GetValue(key) ?? throw new FeatureSyncConfigurationException("--key is required"),
                        TimestampColumn = parse.GetValue(ts) ?? throw new FeatureSyncConfigurationException("--ts is required"),
                        SourceConnection = parse.GetValue(source) ?? throw new FeatureSyncConfigurationException("--source-connection is required"),
                        Mode = Parse(parse.GetValue(mode)!, "--mode", JobText.ParseMode),
                        StartTimestamp = parse.GetValue(startTs) is { } st ? Parse(st, "--start-ts", JobText.ParseTimestamp) : null,
                        StartPosition = parse.GetValue(startPosition) is { } sp ? Parse(sp, "--start-position", SyncPosition.Parse) : null,
                        Destinations = parse.GetValue(dest) ?? [],
                        Format = Parse(parse.GetValue(format)!, "--format", JobText.ParseFormat),
                        Partitions = parse.GetValue(partitions) ?? (bounds is null ? FeatureSyncJob.DefaultPartitions : bounds.Length + 1),
                        KeyRangeBounds = bounds,
                        OfflineTable = parse.GetValue(offlineTable),
                        SettleDelay = parse.GetValue(settle) is { } s ? Parse(s, "--settle", JobText.ParseDuration) : FeatureSyncJob.DefaultSettleDelay,
                        RollRows = parse.GetValue(rollRows) ?? FeatureSyncJob.DefaultRollRows,
                        RollBytes = parse.GetValue(rollBytes) is { } rb ? Parse(rb, "--roll-bytes", JobText.ParseSize) : FeatureSyncJob.DefaultRollBytes,
                        RollInterval = parse.GetValue(rollInterval) is { } ri ? Parse(ri, "--roll-interval", JobText.ParseDuration) : FeatureSyncJob.DefaultRollInterval,
                        PageRows = parse.GetValue(pageRows) ?? FeatureSyncJob.DefaultPageRows,
                        QuietPeriod = parse.GetValue(quiet) is { } q ? Parse(q, "--quiet", JobText.ParseDuration) : FeatureSyncJob.DefaultQuietPeriod,
                    };
                }
                definition.Validate();
                var store = await OpenStateAsync(parse, ct).ConfigureAwait(false);
                await store.CreateJobAsync(definition, ct).ConfigureAwait(false);
            }
            catch (FeatureSyncConfigurationException ex)
            {
                await Console.Error.WriteLineAsync($"feature-sync create: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Permanent;
            }
            Console.WriteLine($"created job {definition.JobId}: {JobText.ModeName(definition.Mode)} sync of {definition.Table} " +
                $"in {definition.Partitions} partition(s) to {string.Join(", ", definition.Destinations)} as {JobText.FormatName(definition.Format)}");
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static Command BuildStatus()
    {
        var job = new Argument<string?>("job") { Description = "Job id (all jobs when omitted)", Arity = ArgumentArity.ZeroOrOne };
        var cmd = new Command("status", "Show each partition task: mode, position, rows, lag, last update, state, last error");
        cmd.Arguments.Add(job);
        cmd.SetAction(async (parse, ct) =>
        {
            var store = await OpenStateAsync(parse, ct).ConfigureAwait(false);
            string? id = parse.GetValue(job);
            var (jobs, unreadable) = await store.ReadJobsAsync(ct).ConfigureAwait(false);
            // A job whose definition cannot be read is reported, and the others still shown; the exit code says so.
            var bad = unreadable.Where(u => id == null || u.JobId == id).ToList();
            foreach (var u in bad) await Console.Error.WriteLineAsync($"feature-sync status: {u.Error.Message}").ConfigureAwait(false);
            if (id != null && bad.Count == 0 && jobs.All(j => j.JobId != id))
            {
                await Console.Error.WriteLineAsync($"feature-sync status: no job '{id}' in {store.Database}").ConfigureAwait(false);
                return ExitCodes.Permanent;
            }
            var shown = jobs.Where(j => id == null || j.JobId == id).ToList();
            if (shown.Count > 0 || bad.Count == 0)
            {
                var tasks = await store.GetStatusAsync(id, ct).ConfigureAwait(false);
                Console.Write(FeatureSyncStatusReport.Render(shown, tasks.Where(t => shown.Any(j => j.JobId == t.JobId)).ToList()));
            }
            return bad.Count == 0 ? ExitCodes.Success : ExitCodes.Permanent;
        });
        return cmd;
    }

    private static Command BuildDelete()
    {
        var job = new Argument<string>("job") { Description = "Job id" };
        var cmd = new Command("delete", "Delete a job and its task state (files already published stay)");
        cmd.Arguments.Add(job);
        cmd.SetAction(async (parse, ct) =>
        {
            var store = await OpenStateAsync(parse, ct).ConfigureAwait(false);
            string id = parse.GetValue(job)!;
            if (await store.GetJobAsync(id, ct).ConfigureAwait(false) == null)
            {
                await Console.Error.WriteLineAsync($"feature-sync delete: no job '{id}' in {store.Database}").ConfigureAwait(false);
                return ExitCodes.Permanent;
            }
            var tasks = await store.DeleteJobAsync(id, ct).ConfigureAwait(false);
            Console.WriteLine($"deleted job {id}; its partitions stopped at (use --start-position to continue from one when re-creating with the same partitions):");
            foreach (var t in tasks)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  partition {t.Partition}: {t.Position?.ToString() ?? "(nothing published)"}"));
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static Command BuildRun()
    {
        var jobArg = new Argument<string?>("job") { Description = "Job id", Arity = ArgumentArity.ZeroOrOne };
        var jobOption = new Option<string?>("--job") { Description = "Job id (same as the argument)" };
        var partitions = new Option<int[]>("--partition") { Description = "Run only these partitions (repeatable; default all)" };
        var workerId = new Option<string?>("--worker-id") { Description = "Lease owner id (default: host name, the pod name under Kubernetes)" };
        var leaseTtl = new Option<string?>("--lease-ttl") { Description = "Lease lifetime without renewal (default 30s)" };
        var poll = new Option<string?>("--poll") { Description = "Wait between reads once caught up (default 1s)" };
        var retryMin = new Option<string?>("--retry-min") { Description = "First backoff after a failure (default 1s)" };
        var retryMax = new Option<string?>("--retry-max") { Description = "Longest backoff (default 60s)" };
        var spool = new Option<string?>("--spool-dir") { Description = "Where files are assembled before publication (default: temp folder)" };
        var cmd = new Command("run", "Run a job's partition tasks until done (full mode) or stopped");
        cmd.Arguments.Add(jobArg);
        foreach (var o in new Option[] { jobOption, partitions, workerId, leaseTtl, poll, retryMin, retryMax, spool }) cmd.Options.Add(o);
        cmd.SetAction(async (parse, ct) =>
        {
            string? id = parse.GetValue(jobArg) ?? parse.GetValue(jobOption);
            if (id == null)
            {
                await Console.Error.WriteLineAsync("feature-sync run: give the job id (feature-sync run JOB)").ConfigureAwait(false);
                return ExitCodes.Permanent;
            }
            var defaults = new FeatureSyncRunOptions();
            FeatureSyncRunOptions options;
            try
            {
                options = defaults with
                {
                    WorkerId = parse.GetValue(workerId) ?? defaults.WorkerId,
                    LeaseTtl = parse.GetValue(leaseTtl) is { } l ? Parse(l, "--lease-ttl", JobText.ParseDuration) : defaults.LeaseTtl,
                    PollInterval = parse.GetValue(poll) is { } p ? Parse(p, "--poll", JobText.ParseDuration) : defaults.PollInterval,
                    RetryMinBackoff = parse.GetValue(retryMin) is { } rmin ? Parse(rmin, "--retry-min", JobText.ParseDuration) : defaults.RetryMinBackoff,
                    RetryMaxBackoff = parse.GetValue(retryMax) is { } rmax ? Parse(rmax, "--retry-max", JobText.ParseDuration) : defaults.RetryMaxBackoff,
                    SpoolDirectory = parse.GetValue(spool) ?? defaults.SpoolDirectory,
                    Partitions = parse.GetValue(partitions) is { Length: > 0 } ps ? ps : null,
                };
                options.Validate();
            }
            catch (Exception ex) when (ex is FeatureSyncConfigurationException or ArgumentOutOfRangeException)
            {
                await Console.Error.WriteLineAsync($"feature-sync run: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Permanent;
            }

            using var loggerFactory = LoggerFactory.Create(b => b
                .SetMinimumLevel(LogLevel.Information)
                .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; })
                .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
            var resolver = new ConnectionResolver();
            try
            {
                var store = await OpenStateAsync(parse, ct).ConfigureAwait(false);
                var runner = new FeatureSyncRunner(store, resolver.Resolve, ObjectStoreSettings.FromEnvironment(Environment.GetEnvironmentVariable), loggerFactory);
                var result = await runner.RunAsync(id, options, ct).ConfigureAwait(false);
                var summary = string.Join(", ", result.Partitions.OrderBy(kv => kv.Key).Select(kv => $"p{kv.Key}: {kv.Value.ToString().ToLowerInvariant()}"));
                Console.WriteLine($"job {id}: {summary}");
                return result.AnyFailed ? ExitCodes.Permanent : result.AnyFenced ? ExitCodes.Retryable : ExitCodes.Success;
            }
            catch (FeatureSyncConfigurationException ex)
            {
                await Console.Error.WriteLineAsync($"feature-sync run: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Permanent;
            }
            catch (Exception ex) when (ex is MySqlConnector.MySqlException or InvalidOperationException or IOException)
            {
                await Console.Error.WriteLineAsync($"feature-sync run: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Retryable;
            }
        });
        return cmd;
    }

    private static async Task<FeatureSyncStateStore> OpenStateAsync(ParseResult parse, CancellationToken ct)
    {
        string name = parse.GetValue(StateConnection)!;
        var store = new FeatureSyncStateStore(new ConnectionResolver().Resolve(name), parse.GetValue(StateDatabase)!);
        await store.EnsureSchemaAsync(ct).ConfigureAwait(false);
        return store;
    }

    private static T Parse<T>(string text, string option, Func<string, T> parse)
    {
        try
        {
            return parse(text);
        }
        catch (FormatException ex)
        {
            throw new FeatureSyncConfigurationException($"{option}: {ex.Message}", ex);
        }
    }
}
