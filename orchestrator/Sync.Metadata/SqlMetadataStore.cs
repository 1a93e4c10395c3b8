using System.Data.Common;
using Dapper;

namespace Sync.Metadata;

/// <summary>
/// The metadata store over plain SQL both engines understand (ON CONFLICT DO NOTHING, conditional UPDATE);
/// subclasses supply connections and the schema script.
/// </summary>
public abstract class SqlMetadataStore : IMetadataStore
{
    private const string InsertRunSql =
        "INSERT INTO dag_run (dag_id, run_id, logical_date, state, triggered_by, params, created_at, started_at, ended_at, error) " +
        "VALUES (@dag_id, @run_id, @logical_date, @state, @triggered_by, @params, @created_at, @started_at, @ended_at, @error) " +
        "ON CONFLICT DO NOTHING";

    private const string InsertTaskSql =
        "INSERT INTO task_instance (dag_id, run_id, task_id, kind, state, attempt, max_attempts, queued_at, started_at, ended_at, " +
        "duration_seconds, rows_loaded, bytes, log_location, error, executor_id, next_retry_at, upstream, spec, policy) " +
        "VALUES (@dag_id, @run_id, @task_id, @kind, @state, @attempt, @max_attempts, @queued_at, @started_at, @ended_at, " +
        "@duration_seconds, @rows_loaded, @bytes, @log_location, @error, @executor_id, @next_retry_at, @upstream, @spec, @policy) " +
        "ON CONFLICT DO NOTHING";

    private readonly TimeProvider _time;

    protected SqlMetadataStore(TimeProvider time) => _time = time ?? throw new ArgumentNullException(nameof(time));

    public abstract string Provider { get; }

    /// <summary>Opens a connection, ready for commands.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Name of the embedded schema script under Sync.Metadata.Schema.</summary>
    protected abstract string SchemaScript { get; }

    /// <summary>Runs before the schema transaction (engine settings that cannot change inside one).</summary>
    protected virtual Task BeforeSchemaAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Serializes schema creation across replicas, within the given transaction.</summary>
    protected virtual Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var script = ReadSchemaScript();
        await BeforeSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockSchemaAsync(conn, tx, cancellationToken).ConfigureAwait(false);
        await conn.ExecuteAsync(new CommandDefinition(script, transaction: tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private string ReadSchemaScript()
    {
        var name = "Sync.Metadata.Schema." + SchemaScript;
        using var stream = typeof(SqlMetadataStore).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"schema script {name} is not embedded in {typeof(SqlMetadataStore).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public async Task<bool> RegisterDagAsync(string dagId, bool pausedOnCreation, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dagId);
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var inserted = await conn.ExecuteAsync(new CommandDefinition(
            "INSERT INTO dag (dag_id, is_paused, updated_at) VALUES (@dagId, @paused, @now) ON CONFLICT (dag_id) DO NOTHING",
            new { dagId, paused = pausedOnCreation ? 1L : 0L, now = Rows.Ms(_time.GetUtcNow()) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return inserted == 1;
    }

    public async Task<bool> IsPausedAsync(string dagId, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var paused = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT is_paused FROM dag WHERE dag_id = @dagId", new { dagId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return paused == 1;
    }

    public async Task SetPausedAsync(string dagId, bool paused, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dagId);
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await conn.ExecuteAsync(new CommandDefinition(
            "INSERT INTO dag (dag_id, is_paused, updated_at) VALUES (@dagId, @paused, @now) " +
            "ON CONFLICT (dag_id) DO UPDATE SET is_paused = excluded.is_paused, updated_at = excluded.updated_at",
            new { dagId, paused = paused ? 1L : 0L, now = Rows.Ms(_time.GetUtcNow()) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<IReadOnlySet<string>> ListPausedDagsAsync(CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var ids = await conn.QueryAsync<string>(new CommandDefinition(
            "SELECT dag_id FROM dag WHERE is_paused = 1", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return ids.ToHashSet(StringComparer.Ordinal);
    }

    public async Task<bool> TryCreateRunAsync(DagRunRecord run, IReadOnlyList<TaskInstanceRecord> tasks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(tasks);
        foreach (var t in tasks)
        {
            if (t.DagId != run.DagId || t.RunId != run.RunId)
                throw new ArgumentException($"task {t.DagId}/{t.RunId}/{t.TaskId} does not belong to run {run.DagId}/{run.RunId}", nameof(tasks));
        }

        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // The unique constraint on (dag_id, logical_date) decides between racing replicas: the loser inserts nothing.
        var inserted = await conn.ExecuteAsync(new CommandDefinition(InsertRunSql, Rows.RunParameters(run), tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (inserted == 0)
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }
        if (tasks.Count > 0)
        {
            await conn.ExecuteAsync(new CommandDefinition(InsertTaskSql, tasks.Select(Rows.TaskParameters).ToList(), tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<DagRunRecord?> GetRunAsync(string dagId, string runId, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await conn.QuerySingleOrDefaultAsync<Rows.RunRow>(new CommandDefinition(
            $"SELECT {Rows.RunColumns} FROM dag_run WHERE dag_id = @dagId AND run_id = @runId",
            new { dagId, runId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToRecord();
    }

    public async Task<DagRunRecord?> GetRunByLogicalDateAsync(string dagId, DateTimeOffset logicalDate, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await conn.QuerySingleOrDefaultAsync<Rows.RunRow>(new CommandDefinition(
            $"SELECT {Rows.RunColumns} FROM dag_run WHERE dag_id = @dagId AND logical_date = @logicalDate",
            new { dagId, logicalDate = Rows.Ms(logicalDate) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToRecord();
    }

    public async Task<DagRunRecord?> GetLatestRunAsync(string dagId, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await conn.QueryFirstOrDefaultAsync<Rows.RunRow>(new CommandDefinition(
            $"SELECT {Rows.RunColumns} FROM dag_run WHERE dag_id = @dagId ORDER BY logical_date DESC LIMIT 1",
            new { dagId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToRecord();
    }

    public async Task<DagRunRecord?> GetLatestScheduledRunAsync(string dagId, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await conn.QueryFirstOrDefaultAsync<Rows.RunRow>(new CommandDefinition(
            $"SELECT {Rows.RunColumns} FROM dag_run WHERE dag_id = @dagId AND triggered_by IN (@schedule, @catchup) ORDER BY logical_date DESC LIMIT 1",
            new { dagId, schedule = RunTriggers.Schedule, catchup = RunTriggers.Catchup }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<DagRunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit <= 0) throw new ArgumentOutOfRangeException(nameof(query), query.Limit, "RunQuery.Limit must be positive");
        if (query.Offset < 0) throw new ArgumentOutOfRangeException(nameof(query), query.Offset, "RunQuery.Offset must not be negative");
        var where = new List<string>();
        if (query.DagId != null) where.Add("dag_id = @dagId");
        if (query.State != null) where.Add("state = @state");
        var sql = $"SELECT {Rows.RunColumns} FROM dag_run" +
                  (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") +
                  " ORDER BY logical_date DESC, dag_id LIMIT @limit OFFSET @offset";
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await conn.QueryAsync<Rows.RunRow>(new CommandDefinition(sql,
            new { dagId = query.DagId, state = query.State?.ToString(), limit = (long)query.Limit, offset = (long)query.Offset },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<IReadOnlyDictionary<DagRunState, int>> CountRunsByStateAsync(string? dagId, CancellationToken cancellationToken)
    {
        var sql = "SELECT state AS State, COUNT(*) AS Count FROM dag_run" + (dagId != null ? " WHERE dag_id = @dagId" : "") + " GROUP BY state";
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await conn.QueryAsync<Rows.StateCountRow>(new CommandDefinition(sql, new { dagId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToDictionary(r => Enum.Parse<DagRunState>(r.State), r => (int)r.Count);
    }

    public async Task<bool> TryUpdateRunAsync(DagRunRecord next, DagRunState expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var changed = await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE dag_run SET state = @state, started_at = @startedAt, ended_at = @endedAt, error = @error " +
            "WHERE dag_id = @dagId AND run_id = @runId AND state = @expected",
            new
            {
                state = next.State.ToString(),
                startedAt = Rows.Ms(next.StartedAt),
                endedAt = Rows.Ms(next.EndedAt),
                error = next.Error,
                dagId = next.DagId,
                runId = next.RunId,
                expected = expected.ToString(),
            }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return changed == 1;
    }

    public async Task<IReadOnlyList<TaskInstanceRecord>> ListTasksAsync(string dagId, string runId, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await conn.QueryAsync<Rows.TaskRow>(new CommandDefinition(
            $"SELECT {Rows.TaskColumns} FROM task_instance WHERE dag_id = @dagId AND run_id = @runId ORDER BY task_id",
            new { dagId, runId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<TaskInstanceRecord?> GetTaskAsync(string dagId, string runId, string taskId, CancellationToken cancellationToken)
    {
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await conn.QuerySingleOrDefaultAsync<Rows.TaskRow>(new CommandDefinition(
            $"SELECT {Rows.TaskColumns} FROM task_instance WHERE dag_id = @dagId AND run_id = @runId AND task_id = @taskId",
            new { dagId, runId, taskId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<TaskInstanceRecord>> ListTasksInStatesAsync(IReadOnlyCollection<TaskState> states, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(states);
        if (states.Count == 0) return [];
        // Inline names: they are enum names, and both engines then use the state index.
        var list = string.Join(", ", states.Select(s => "'" + s + "'"));
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await conn.QueryAsync<Rows.TaskRow>(new CommandDefinition(
            $"SELECT {Rows.TaskColumns} FROM task_instance WHERE state IN ({list}) ORDER BY dag_id, run_id, task_id",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<IReadOnlyDictionary<TaskState, int>> CountTasksByStateAsync(string? dagId, string? runId, CancellationToken cancellationToken)
    {
        var where = new List<string>();
        if (dagId != null) where.Add("dag_id = @dagId");
        if (runId != null) where.Add("run_id = @runId");
        var sql = "SELECT state AS State, COUNT(*) AS Count FROM task_instance" +
                  (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " GROUP BY state";
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await conn.QueryAsync<Rows.StateCountRow>(new CommandDefinition(sql, new { dagId, runId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToDictionary(r => Enum.Parse<TaskState>(r.State), r => (int)r.Count);
    }

    public async Task<int> AddTasksAsync(IReadOnlyList<TaskInstanceRecord> tasks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (tasks.Count == 0) return 0;
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var inserted = await conn.ExecuteAsync(new CommandDefinition(InsertTaskSql, tasks.Select(Rows.TaskParameters).ToList(), tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return inserted;
    }

    public async Task<bool> TryUpdateTaskAsync(TaskInstanceRecord next, TaskState expectedState, int expectedAttempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var changed = await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE task_instance SET kind = @kind, state = @state, attempt = @attempt, max_attempts = @max_attempts, " +
            "queued_at = @queued_at, started_at = @started_at, ended_at = @ended_at, duration_seconds = @duration_seconds, " +
            "rows_loaded = @rows_loaded, bytes = @bytes, log_location = @log_location, error = @error, executor_id = @executor_id, " +
            "next_retry_at = @next_retry_at, upstream = @upstream, spec = @spec, policy = @policy " +
            "WHERE dag_id = @dag_id AND run_id = @run_id AND task_id = @task_id AND state = @expected_state AND attempt = @expected_attempt",
            new DynamicParameters(Rows.TaskParameters(next)).Merge(new { expected_state = expectedState.ToString(), expected_attempt = (long)expectedAttempt }),
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return changed == 1;
    }
}
