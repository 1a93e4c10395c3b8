using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;
using Sync.Tasks;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sync.Dags;

/// <summary>
/// Reads one DAG file: YAML → <see cref="DagDefinition"/>, checking everything it can (unknown keys, types, cron,
/// time zone, ids, dependencies and cycles, connections) and naming the line and column of each problem.
/// </summary>
public static partial class DagFileParser
{
    private static readonly string[] DagKeys =
        ["id", "description", "schedule", "start_date", "catchup", "max_active_runs", "paused_on_creation", "tags", "defaults", "tables", "tasks"];
    private static readonly string[] ScheduleKeys = ["cron", "time_zone"];
    private static readonly string[] ExecutionKeys =
        ["retries", "retry_delay", "retry_exponential_backoff", "max_retry_delay", "timeout", "pool", "pod"];
    private static readonly string[] PodKeys = ["image", "cpu", "cpu_limit", "memory", "memory_limit"];
    private static readonly string[] TableKeys =
    [
        "id", "source", "source_connection", "target", "primary_key", "distribution_key", "partition_columns", "batch_size_mb",
        "max_files_per_batch", "write_mode", "max_parallel_batches", "keep_backups", "allow_empty_source", "options", "depends_on",
        .. ExecutionKeys,
    ];
    private static readonly string[] TargetKeys = ["connection", "database", "table"];
    private static readonly string[] PartitionKeys = ["name", "type"];
    private static readonly string[] TaskKeys = ["id", "command", "depends_on", .. ExecutionKeys];
    private static readonly string[] WriteModes = ["default", "insert", "load-data"];

    /// <summary>Reads and checks the file.</summary>
    public static async Task<DagFileResult> ParseFileAsync(string path, DagLoadOptions options, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            return new DagFileResult { FilePath = path, Errors = [new DagImportError { FilePath = path, Message = $"cannot read the file: {ex.Message}" }] };
        }
        return Parse(path, text, options);
    }

    /// <summary>Top-level key of a feature-sync job file, which the DAG loader leaves alone.</summary>
    public const string FeatureSyncKey = "feature_sync";

    /// <summary>Checks YAML text as if it were the file <paramref name="path"/>.</summary>
    public static DagFileResult Parse(string path, string yaml, DagLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var nodes = new YamlNodes(path, options);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            return Failed(path, new DagImportError
            {
                FilePath = path, Line = (int)ex.Start.Line, Column = (int)ex.Start.Column,
                Message = "not valid YAML: " + (ex.InnerException?.Message ?? ex.Message),
            });
        }
        if (stream.Documents.Count != 1)
            return Failed(path, new DagImportError { FilePath = path, Line = 1, Column = 1, Message = $"a DAG file holds exactly one YAML document, found {stream.Documents.Count}" });

        // Feature-sync job definitions share the folder (`worker feature-sync create --file`); they are not DAGs.
        if (stream.Documents[0].RootNode is YamlMappingNode root && root.Children.ContainsKey(new YamlScalarNode(FeatureSyncKey)))
            return new DagFileResult { FilePath = path };

        var dag = ReadDag(stream.Documents[0].RootNode, path, nodes);
        if (dag != null && nodes.Errors.Count == 0) CheckGraph(dag, stream.Documents[0].RootNode, nodes);
        var errors = nodes.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
        return errors.Count == 0 && dag != null
            ? new DagFileResult { FilePath = path, Dag = dag }
            : new DagFileResult { FilePath = path, Errors = errors };
    }

    private static DagFileResult Failed(string path, DagImportError error) => new() { FilePath = path, Errors = [error] };

    private static DagDefinition? ReadDag(YamlNode root, string path, YamlNodes y)
    {
        if (y.Mapping(root, "the DAG") is not { } map) return null;
        var e = y.Entries(map, "the DAG", DagKeys);
        var id = y.RequiredString(e, "id", root, "the DAG");
        if (id != null && !IdPattern().IsMatch(id)) y.Error(e["id"], $"id '{id}' may hold only letters, digits, '_' and '-'");
        y.DagId = id;

        DagSchedule? schedule = e.TryGetValue("schedule", out var scheduleNode) ? ReadSchedule(scheduleNode, y) : null;
        DateTimeOffset? startDate = null;
        if (y.OptionalString(e, "start_date", "the DAG") is { } startText)
        {
            if (DateTimeOffset.TryParse(startText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)) startDate = parsed;
            else y.Error(e["start_date"], $"start_date: '{startText}' is not a date (e.g. 2026-11-01 or 2026-11-01T02:00:00Z)");
        }
        var catchup = y.Bool(e, "catchup", "the DAG") ?? false;
        if (catchup && schedule == null && e.TryGetValue("catchup", out var c1)) y.Error(c1, "catchup needs a schedule");
        if (catchup && startDate == null && e.TryGetValue("catchup", out var c2)) y.Error(c2, "catchup needs a start_date: the first tick to catch up from");

        var defaults = e.TryGetValue("defaults", out var defaultsNode) && y.Mapping(defaultsNode, "defaults") is { } dm
            ? ReadExecution(y.Entries(dm, "defaults", ExecutionKeys), new TaskDefaults(), "defaults", y)
            : new TaskDefaults();

        var tables = new List<TableDefinition>();
        if (e.TryGetValue("tables", out var tablesNode) && y.Sequence(tablesNode, "tables") is { } ts)
        {
            foreach (var t in ts.Children)
            {
                if (ReadTable(t, defaults, y) is { } table) tables.Add(table);
            }
        }
        var tasks = new List<CommandTaskDefinition>();
        if (e.TryGetValue("tasks", out var tasksNode) && y.Sequence(tasksNode, "tasks") is { } tk)
        {
            foreach (var t in tk.Children)
            {
                if (ReadTask(t, defaults, y) is { } task) tasks.Add(task);
            }
        }
        if (tables.Count == 0 && tasks.Count == 0 && y.Errors.Count == 0) y.Error(root, "the DAG has no tables and no tasks");
        if (id == null) return null;

        return new DagDefinition
        {
            Id = id,
            FilePath = path,
            Description = y.OptionalString(e, "description", "the DAG"),
            Schedule = schedule,
            StartDate = startDate,
            Catchup = catchup,
            MaxActiveRuns = y.Int(e, "max_active_runs", "the DAG", 1, 1000) ?? DagDefinition.DefaultMaxActiveRuns,
            PausedOnCreation = y.Bool(e, "paused_on_creation", "the DAG") ?? false,
            Tags = y.StringList(e, "tags", "the DAG"),
            Defaults = defaults,
            Tables = tables,
            Tasks = tasks,
        };
    }

    private static DagSchedule? ReadSchedule(YamlNode node, YamlNodes y)
    {
        string? cron;
        string zone = "UTC";
        YamlNode cronNode = node;
        YamlNode? zoneNode = null;
        if (node is YamlScalarNode)
        {
            cron = y.String(node, "schedule");
        }
        else if (y.Mapping(node, "schedule") is { } map)
        {
            var e = y.Entries(map, "schedule", ScheduleKeys);
            cron = y.RequiredString(e, "cron", node, "schedule");
            if (e.TryGetValue("cron", out var cn)) cronNode = cn;
            if (e.TryGetValue("time_zone", out zoneNode)) zone = y.String(zoneNode, "schedule.time_zone") ?? "UTC";
        }
        else return null;
        if (cron == null) return null;

        CronExpression expression;
        try
        {
            var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            expression = fields switch
            {
                5 => CronExpression.Parse(cron, CronFormat.Standard),
                6 => CronExpression.Parse(cron, CronFormat.IncludeSeconds),
                _ => throw new CronFormatException($"expected 5 fields (minute hour day month weekday) or 6 with seconds first, found {fields}"),
            };
        }
        catch (CronFormatException ex)
        {
            y.Error(cronNode, $"schedule: bad cron '{cron}': {ex.Message}");
            return null;
        }
        TimeZoneInfo tz;
        try
        {
            tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            y.Error(zoneNode ?? node, $"schedule.time_zone: unknown time zone '{zone}' (use an IANA name such as Asia/Shanghai)");
            return null;
        }
        return new DagSchedule { Cron = cron, TimeZone = tz, Expression = expression };
    }

    private static TaskDefaults ReadExecution(Dictionary<string, YamlNode> e, TaskDefaults inherited, string what, YamlNodes y)
    {
        var pod = inherited.Pod;
        if (e.TryGetValue("pod", out var podNode) && y.Mapping(podNode, $"{what}.pod") is { } pm)
        {
            var p = y.Entries(pm, $"{what}.pod", PodKeys);
            pod = new PodResources
            {
                Image = y.OptionalString(p, "image", $"{what}.pod") ?? pod.Image,
                Cpu = y.OptionalString(p, "cpu", $"{what}.pod") ?? pod.Cpu,
                CpuLimit = y.OptionalString(p, "cpu_limit", $"{what}.pod") ?? pod.CpuLimit,
                MemoryBytes = y.Bytes(p, "memory", $"{what}.pod") ?? pod.MemoryBytes,
                MemoryLimitBytes = y.Bytes(p, "memory_limit", $"{what}.pod") ?? pod.MemoryLimitBytes,
            };
        }
        return new TaskDefaults
        {
            Retries = y.Int(e, "retries", what, 0, 100) ?? inherited.Retries,
            RetryDelay = y.Duration(e, "retry_delay", what) ?? inherited.RetryDelay,
            ExponentialBackoff = y.Bool(e, "retry_exponential_backoff", what) ?? inherited.ExponentialBackoff,
            MaxRetryDelay = y.Duration(e, "max_retry_delay", what) ?? inherited.MaxRetryDelay,
            Timeout = y.Duration(e, "timeout", what) is { } timeout && timeout > TimeSpan.Zero ? timeout : inherited.Timeout,
            Pool = y.OptionalString(e, "pool", what) ?? inherited.Pool,
            Pod = pod,
        };
    }

    private static TableDefinition? ReadTable(YamlNode node, TaskDefaults defaults, YamlNodes y)
    {
        if (y.Mapping(node, "a table") is not { } map) return null;
        var e = y.Entries(map, "table", TableKeys);
        var source = y.RequiredString(e, "source", node, "table");
        string? connection = null, database = null, table = null;
        if (!e.TryGetValue("target", out var targetNode)) y.Error(node, "table: 'target' (connection, database, table) is required");
        else if (y.Mapping(targetNode, "table.target") is { } tm)
        {
            var t = y.Entries(tm, "table.target", TargetKeys);
            connection = y.RequiredString(t, "connection", targetNode, "table.target");
            database = y.RequiredString(t, "database", targetNode, "table.target");
            table = y.RequiredString(t, "table", targetNode, "table.target");
            if (connection != null && IsUnknownConnection(y, connection)) y.Error(t["connection"], $"table.target.connection: unknown connection '{connection}' (configure Connections:{connection} or {ConnectionResolver.EnvironmentVariableFor(connection)})");
        }
        var sourceConnection = y.OptionalString(e, "source_connection", "table");
        if (sourceConnection != null && IsUnknownConnection(y, sourceConnection))
            y.Error(e["source_connection"], $"table.source_connection: unknown connection '{sourceConnection}'");
        var id = y.OptionalString(e, "id", "table") ?? table;
        if (id != null && !IdPattern().IsMatch(id)) y.Error(e.GetValueOrDefault("id") ?? node, $"table id '{id}' may hold only letters, digits, '_' and '-' (set 'id' explicitly)");

        var partitions = new List<PartitionColumnSpec>();
        if (e.TryGetValue("partition_columns", out var pn) && y.Sequence(pn, "table.partition_columns") is { } ps)
        {
            foreach (var p in ps.Children)
            {
                if (y.Mapping(p, "a partition column") is not { } pmap) continue;
                var pe = y.Entries(pmap, "table.partition_columns[]", PartitionKeys);
                var name = y.RequiredString(pe, "name", p, "table.partition_columns[]");
                var type = y.OptionalString(pe, "type", "table.partition_columns[]") ?? "string";
                if (!HiveTypePattern().IsMatch(type)) y.Error(pe.GetValueOrDefault("type") ?? p, $"table.partition_columns[]: unknown Hive type '{type}'");
                if (name != null) partitions.Add(new PartitionColumnSpec { Name = name, Type = type.ToLowerInvariant() });
            }
        }
        var writeMode = y.OptionalString(e, "write_mode", "table") ?? "default";
        if (!WriteModes.Contains(writeMode)) y.Error(e["write_mode"], $"table.write_mode: '{writeMode}' is not one of {string.Join(", ", WriteModes)}");

        if (source == null || connection == null || database == null || table == null || id == null) return null;
        return new TableDefinition
        {
            Id = id,
            Source = source,
            SourceConnection = sourceConnection,
            TargetConnection = connection,
            TargetDatabase = database,
            TargetTable = table,
            PrimaryKey = y.StringList(e, "primary_key", "table"),
            DistributionKey = y.StringList(e, "distribution_key", "table"),
            PartitionColumns = partitions,
            BatchSizeMb = y.Int(e, "batch_size_mb", "table", 1, 1_000_000) ?? TableDefinition.DefaultBatchSizeMb,
            MaxFilesPerBatch = y.Int(e, "max_files_per_batch", "table", 1, 1_000_000) ?? TableDefinition.DefaultMaxFilesPerBatch,
            WriteMode = writeMode,
            MaxParallelBatches = y.Int(e, "max_parallel_batches", "table", 0, 10_000) ?? TableDefinition.DefaultMaxParallelBatches,
            KeepBackups = y.Int(e, "keep_backups", "table", 0, 100) ?? 1,
            AllowEmptySource = y.Bool(e, "allow_empty_source", "table") ?? false,
            Options = y.StringMap(e, "options", "table"),
            DependsOn = y.StringList(e, "depends_on", "table"),
            Execution = ReadExecution(e, defaults, "table", y),
        };
    }

    private static bool IsUnknownConnection(YamlNodes y, string name) => y.IsKnownConnection is { } known && !known(name);

    private static CommandTaskDefinition? ReadTask(YamlNode node, TaskDefaults defaults, YamlNodes y)
    {
        if (y.Mapping(node, "a task") is not { } map) return null;
        var e = y.Entries(map, "task", TaskKeys);
        var id = y.RequiredString(e, "id", node, "task");
        if (id != null && !IdPattern().IsMatch(id)) y.Error(e["id"], $"task id '{id}' may hold only letters, digits, '_' and '-'");
        IReadOnlyList<string> command = [];
        if (!e.TryGetValue("command", out var commandNode)) y.Error(node, "task: 'command' is required");
        else if (commandNode is YamlScalarNode)
        {
            // a single string runs through the shell, like a Dockerfile's shell form
            if (y.String(commandNode, "task.command") is { Length: > 0 } line) command = ["/bin/sh", "-c", line];
            else y.Error(commandNode, "task.command must not be empty");
        }
        else
        {
            command = y.StringList(e, "command", "task");
            if (command.Count == 0) y.Error(commandNode, "task.command must not be empty");
        }
        if (id == null || command.Count == 0) return null;
        return new CommandTaskDefinition
        {
            Id = id,
            Command = command,
            DependsOn = y.StringList(e, "depends_on", "task"),
            Execution = ReadExecution(e, defaults, "task", y),
        };
    }

    /// <summary>Duplicate ids, unknown dependencies and cycles between tables and tasks.</summary>
    private static void CheckGraph(DagDefinition dag, YamlNode root, YamlNodes y)
    {
        var map = (YamlMappingNode)root;
        var itemNodes = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var dependsNodes = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var order = new List<(string Id, IReadOnlyList<string> DependsOn)>();
        foreach (var key in new[] { "tables", "tasks" })
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var listNode) || listNode is not YamlSequenceNode seq) continue;
            foreach (var item in seq.Children.OfType<YamlMappingNode>())
            {
                item.Children.TryGetValue(new YamlScalarNode("id"), out var idNode);
                string? id = (idNode as YamlScalarNode)?.Value;
                if (id == null && key == "tables" && item.Children.TryGetValue(new YamlScalarNode("target"), out var t) && t is YamlMappingNode tm
                    && tm.Children.TryGetValue(new YamlScalarNode("table"), out var tableNode))
                {
                    id = (tableNode as YamlScalarNode)?.Value;
                }
                if (id == null) continue;
                if (!itemNodes.TryAdd(id, idNode ?? item))
                {
                    y.Error(idNode ?? item, $"duplicate id '{id}': tables and tasks share one namespace within a DAG");
                    continue;
                }
                if (item.Children.TryGetValue(new YamlScalarNode("depends_on"), out var dn)) dependsNodes[id] = dn;
            }
        }
        if (y.Errors.Count > 0) return;
        foreach (var t in dag.Tables) order.Add((t.Id, t.DependsOn));
        foreach (var t in dag.Tasks) order.Add((t.Id, t.DependsOn));
        var deps = order.ToDictionary(o => o.Id, o => o.DependsOn, StringComparer.Ordinal);
        foreach (var (id, dependsOn) in order)
        {
            foreach (var d in dependsOn)
            {
                if (!deps.ContainsKey(d)) y.Error(dependsNodes.GetValueOrDefault(id) ?? itemNodes[id], $"'{id}' depends on unknown id '{d}'");
                else if (d == id) y.Error(dependsNodes.GetValueOrDefault(id) ?? itemNodes[id], $"'{id}' depends on itself");
            }
        }
        if (y.Errors.Count > 0) return;

        // depth-first search; a grey node reached again closes a cycle
        var color = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        bool Visit(string id)
        {
            color[id] = 1;
            path.Add(id);
            foreach (var d in deps[id])
            {
                if (color.GetValueOrDefault(d) == 1)
                {
                    var cycle = path.Skip(path.IndexOf(d)).Append(d);
                    y.Error(dependsNodes.GetValueOrDefault(d) ?? itemNodes[d], "dependency cycle: " + string.Join(" -> ", cycle.Reverse()));
                    return true;
                }
                if (color.GetValueOrDefault(d) == 0 && Visit(d)) return true;
            }
            path.RemoveAt(path.Count - 1);
            color[id] = 2;
            return false;
        }
        foreach (var (id, _) in order)
        {
            if (color.GetValueOrDefault(id) == 0 && Visit(id)) return;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^(?i)(string|boolean|tinyint|smallint|int|integer|bigint|float|double|date|timestamp|binary|decimal(\(\d+(,\s*\d+)?\))?|varchar\(\d+\)|char\(\d+\))$")]
    private static partial Regex HiveTypePattern();
}
