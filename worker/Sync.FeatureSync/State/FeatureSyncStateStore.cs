using System.Text.Json;
using MySqlConnector;
using Sync.FeatureSync.Jobs;

namespace Sync.FeatureSync.State;

/// <summary>
/// Job definitions and per-partition task state (checkpoint, pending file, lease, last error) in a MySQL/MariaDB
/// database, <c>sync_state</c> by default. A server database rather than a local file because every worker pod,
/// the CLI and a restarted pod on another node must see the same checkpoints, and because fencing needs an atomic
/// conditional UPDATE: every write of a task's state carries <c>lease_token = @token</c> in its WHERE, so a copy
/// whose lease was taken over changes nothing and learns it from the row count. No statement relies on a
/// multi-statement transaction.
/// </summary>
public sealed class FeatureSyncStateStore
{
    public const string DefaultDatabase = "sync_state";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private readonly string _serverConnectionString;
    private readonly string _connectionString;
    private readonly string _database;

    /// <param name="connectionString">A MySQL/MariaDB connection string; its database, if any, is replaced by <paramref name="database"/>.</param>
    /// <param name="database">The state database, created on first use.</param>
    public FeatureSyncStateStore(string connectionString, string database = DefaultDatabase)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        _database = database;
        _serverConnectionString = new MySqlConnectionStringBuilder(connectionString) { Database = "" }.ConnectionString;
        _connectionString = new MySqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;
    }

    public string Database => _database;

    /// <summary>Creates the database and its tables when missing.</summary>
    public async Task EnsureSchemaAsync(CancellationToken ct)
    {
        await using (var conn = new MySqlConnection(_serverConnectionString))
        {
            await conn.OpenAsync(ct).ConfigureAwait(false);
            await ExecAsync(conn, $"CREATE DATABASE IF NOT EXISTS `{_database.Replace("`", "``", StringComparison.Ordinal)}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", ct).ConfigureAwait(false);
        }
        await using var db = await OpenAsync(ct).ConfigureAwait(false);
        await ExecAsync(db, """
            CREATE TABLE IF NOT EXISTS feature_sync_jobs (
              job_id VARCHAR(64) NOT NULL PRIMARY KEY,
              definition LONGTEXT NOT NULL,
              created_at DATETIME(6) NOT NULL
            ) ENGINE=InnoDB
            """, ct).ConfigureAwait(false);
        await ExecAsync(db, """
            CREATE TABLE IF NOT EXISTS feature_sync_tasks (
              job_id VARCHAR(64) NOT NULL,
              partition_no INT NOT NULL,
              phase VARCHAR(16) NOT NULL,
              state VARCHAR(16) NOT NULL,
              pos_ts DATETIME(6) NULL,
              pos_key VARCHAR(1024) NULL,
              rows_synced BIGINT NOT NULL DEFAULT 0,
              files_published BIGINT NOT NULL DEFAULT 0,
              pending_path VARCHAR(2048) NULL,
              pending_ts DATETIME(6) NULL,
              pending_key VARCHAR(1024) NULL,
              pending_rows BIGINT NULL,
              lease_token BIGINT NOT NULL DEFAULT 0,
              lease_id CHAR(32) NULL,
              lease_owner VARCHAR(255) NULL,
              lease_expires_at DATETIME(6) NULL,
              lag_ms BIGINT NULL,
              last_error TEXT NULL,
              last_error_at DATETIME(6) NULL,
              updated_at DATETIME(6) NOT NULL,
              PRIMARY KEY (job_id, partition_no)
            ) ENGINE=InnoDB
            """, ct).ConfigureAwait(false);
    }

    /// <summary>Stores a new job and one task row per partition; fails when the id is taken.</summary>
    public async Task CreateJobAsync(FeatureSyncJob job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        job.Validate();
        await using var conn = await OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
        try
        {
            await using (var cmd = new MySqlCommand("INSERT INTO feature_sync_jobs (job_id, definition, created_at) VALUES (@id, @def, UTC_TIMESTAMP(6))", conn, tx))
            {
                cmd.Parameters.AddWithValue("@id", job.JobId);
                cmd.Parameters.AddWithValue("@def", JsonSerializer.Serialize(job, Json));
                await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            string phase = job.Mode == SyncMode.Incremental ? TaskPhases.Incremental : TaskPhases.Full;
            for (int p = 0; p < job.Partitions; p++)
            {
                // Fencing tokens start at the creation time in microseconds, not at 0: a worker of a deleted job with
                // the same id (a frozen pod) holds a smaller token than any this job will ever hand out, so it can
                // never write into the re-created job's rows.
                await using var cmd = new MySqlCommand(
                    "INSERT INTO feature_sync_tasks (job_id, partition_no, phase, state, lease_token, updated_at) " +
                    "VALUES (@id, @p, @phase, @state, FLOOR(UNIX_TIMESTAMP(NOW(6)) * 1000000), UTC_TIMESTAMP(6))", conn, tx);
                cmd.Parameters.AddWithValue("@id", job.JobId);
                cmd.Parameters.AddWithValue("@p", p);
                cmd.Parameters.AddWithValue("@phase", phase);
                cmd.Parameters.AddWithValue("@state", TaskPhases.StatePending);
                await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
        {
            throw new FeatureSyncConfigurationException($"job '{job.JobId}' already exists in {_database}; delete it first (feature-sync delete {job.JobId})", ex);
        }
    }

    /// <summary>The job's definition, or null when there is no such job.</summary>
    public async Task<FeatureSyncJob?> GetJobAsync(string jobId, CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = new MySqlCommand("SELECT definition FROM feature_sync_jobs WHERE job_id = @id", conn);
        cmd.Parameters.AddWithValue("@id", jobId);
        var def = await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
        return def == null ? null : Deserialize(jobId, def);
    }

    /// <summary>Every job; throws <see cref="FeatureSyncConfigurationException"/> naming the first whose definition is unreadable.</summary>
    public async Task<IReadOnlyList<FeatureSyncJob>> ListJobsAsync(CancellationToken ct)
    {
        var (jobs, unreadable) = await ReadJobsAsync(ct).ConfigureAwait(false);
        if (unreadable.Count > 0) throw unreadable[0].Error;
        return jobs;
    }

    /// <summary>
    /// Every job whose definition reads, and apart the ones whose definition does not (edited by hand, or written by
    /// another version), so one bad row does not hide the others from a caller that can carry on without it.
    /// </summary>
    public async Task<(IReadOnlyList<FeatureSyncJob> Jobs, IReadOnlyList<UnreadableJob> Unreadable)> ReadJobsAsync(CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = new MySqlCommand("SELECT job_id, definition FROM feature_sync_jobs ORDER BY job_id", conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var jobs = new List<FeatureSyncJob>();
        var unreadable = new List<UnreadableJob>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            string jobId = reader.GetString(0);
            try
            {
                jobs.Add(Deserialize(jobId, reader.GetString(1)));
            }
            catch (FeatureSyncConfigurationException ex)
            {
                unreadable.Add(new UnreadableJob(jobId, ex));
            }
        }
        return (jobs, unreadable);
    }

    /// <summary>Deletes the job and its task state; returns the tasks as they were (their positions can start a re-created job).</summary>
    public async Task<IReadOnlyList<PartitionTaskStatus>> DeleteJobAsync(string jobId, CancellationToken ct)
    {
        var before = await GetStatusAsync(jobId, ct).ConfigureAwait(false);
        await using var conn = await OpenAsync(ct).ConfigureAwait(false);
        foreach (var table in new[] { "feature_sync_tasks", "feature_sync_jobs" })
        {
            await using var cmd = new MySqlCommand($"DELETE FROM {table} WHERE job_id = @id", conn);
            cmd.Parameters.AddWithValue("@id", jobId);
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        return before;
    }

    /// <summary>Every task of one job (or of all jobs when <paramref name="jobId"/> is null), by job and partition.</summary>
    public async Task<IReadOnlyList<PartitionTaskStatus>> GetStatusAsync(string? jobId, CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = new MySqlCommand(
            """
            SELECT job_id, partition_no, phase, state, pos_ts, pos_key, rows_synced, files_published, lag_ms, updated_at,
                   lease_owner, lease_token, last_error, last_error_at, pending_path,
                   (lease_expires_at IS NOT NULL AND lease_expires_at < UTC_TIMESTAMP(6)) AS expired
            FROM feature_sync_tasks WHERE (@id IS NULL OR job_id = @id) ORDER BY job_id, partition_no
            """, conn);
        cmd.Parameters.AddWithValue("@id", jobId);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var rows = new List<PartitionTaskStatus>();
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            string state = r.GetString(3);
            bool expired = r.GetInt64(15) != 0;
            rows.Add(new PartitionTaskStatus
            {
                JobId = r.GetString(0),
                Partition = r.GetInt32(1),
                Phase = r.GetString(2),
                State = state is TaskPhases.StateRunning or TaskPhases.StateRetrying && expired ? TaskPhases.StateStalled : state,
                Position = r.IsDBNull(4) ? null : new SyncPosition(r.GetDateTime(4), r.GetString(5)),
                RowsSynced = r.GetInt64(6),
                FilesPublished = r.GetInt64(7),
                Lag = r.IsDBNull(8) ? null : TimeSpan.FromMilliseconds(r.GetInt64(8)),
                UpdatedAtUtc = DateTime.SpecifyKind(r.GetDateTime(9), DateTimeKind.Utc),
                LeaseOwner = r.IsDBNull(10) ? null : r.GetString(10),
                LeaseToken = r.GetInt64(11),
                LastError = r.IsDBNull(12) ? null : r.GetString(12),
                LastErrorAtUtc = r.IsDBNull(13) ? null : DateTime.SpecifyKind(r.GetDateTime(13), DateTimeKind.Utc),
                PendingFile = r.IsDBNull(14) ? null : r.GetString(14),
            });
        }
        return rows;
    }

    /// <summary>
    /// Takes the partition's lease when it is free, expired, or held by the same worker id (a restarted pod), and
    /// bumps its token so any older holder is fenced. Returns null while another live worker holds it.
    /// </summary>
    internal async Task<PartitionLease?> TryAcquireLeaseAsync(string jobId, int partition, string owner, TimeSpan ttl, CancellationToken ct)
    {
        string leaseId = Guid.NewGuid().ToString("N");
        await using var conn = await OpenAsync(ct).ConfigureAwait(false);
        await using (var cmd = new MySqlCommand(
            """
            UPDATE feature_sync_tasks
            SET lease_token = lease_token + 1, lease_id = @lid, lease_owner = @owner,
                lease_expires_at = UTC_TIMESTAMP(6) + INTERVAL @ttl MICROSECOND, state = @running, updated_at = UTC_TIMESTAMP(6)
            WHERE job_id = @id AND partition_no = @p
              AND (lease_owner IS NULL OR lease_owner = @owner OR lease_expires_at IS NULL OR lease_expires_at < UTC_TIMESTAMP(6))
            """, conn))
        {
            AddKey(cmd, jobId, partition);
            cmd.Parameters.AddWithValue("@lid", leaseId);
            cmd.Parameters.AddWithValue("@owner", owner);
            cmd.Parameters.AddWithValue("@ttl", ttl.Ticks / 10);
            cmd.Parameters.AddWithValue("@running", TaskPhases.StateRunning);
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using (var cmd = new MySqlCommand(
            "SELECT lease_token, phase, pos_ts, pos_key, pending_path, pending_ts, pending_key, pending_rows, rows_synced FROM feature_sync_tasks WHERE job_id = @id AND partition_no = @p AND lease_id = @lid", conn))
        {
            AddKey(cmd, jobId, partition);
            cmd.Parameters.AddWithValue("@lid", leaseId);
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (!await r.ReadAsync(ct).ConfigureAwait(false)) return null;
            return new PartitionLease(
                jobId, partition, r.GetInt64(0), r.GetString(1),
                r.IsDBNull(2) ? null : new SyncPosition(DateTime.SpecifyKind(r.GetDateTime(2), DateTimeKind.Unspecified), r.GetString(3)),
                r.IsDBNull(4) ? null : new PendingFile(r.GetString(4), new SyncPosition(DateTime.SpecifyKind(r.GetDateTime(5), DateTimeKind.Unspecified), r.GetString(6)), r.GetInt64(7)),
                r.GetInt64(8));
        }
    }

    /// <summary>Records the file about to be published. Fenced: throws <see cref="LeaseLostException"/> when the token moved on.</summary>
    internal async Task RecordPendingAsync(PartitionLease lease, PendingFile file, TimeSpan ttl, CancellationToken ct)
    {
        await FencedAsync(lease,
            """
            UPDATE feature_sync_tasks SET pending_path = @path, pending_ts = @ts, pending_key = @key, pending_rows = @rows,
                lease_expires_at = UTC_TIMESTAMP(6) + INTERVAL @ttl MICROSECOND, updated_at = UTC_TIMESTAMP(6)
            WHERE job_id = @id AND partition_no = @p AND lease_token = @token
            """,
            cmd =>
            {
                cmd.Parameters.AddWithValue("@path", file.RelativePath);
                cmd.Parameters.AddWithValue("@ts", file.Last.Timestamp);
                cmd.Parameters.AddWithValue("@key", file.Last.Key);
                cmd.Parameters.AddWithValue("@rows", file.Rows);
                cmd.Parameters.AddWithValue("@ttl", ttl.Ticks / 10);
            }, ct).ConfigureAwait(false);
    }

    /// <summary>Advances the checkpoint to the published file's last position and clears the pending file, in one fenced statement.</summary>
    internal async Task CommitFileAsync(PartitionLease lease, PendingFile file, long rows, string phase, TimeSpan? lag, TimeSpan ttl, CancellationToken ct)
    {
        await FencedAsync(lease,
            """
            UPDATE feature_sync_tasks SET pos_ts = pending_ts, pos_key = pending_key, rows_synced = rows_synced + @rows,
                files_published = files_published + 1, pending_path = NULL, pending_ts = NULL, pending_key = NULL, pending_rows = NULL,
                phase = @phase, state = @running, lag_ms = @lag, last_error = NULL, last_error_at = NULL,
                lease_expires_at = UTC_TIMESTAMP(6) + INTERVAL @ttl MICROSECOND, updated_at = UTC_TIMESTAMP(6)
            WHERE job_id = @id AND partition_no = @p AND lease_token = @token AND pending_path = @path
            """,
            cmd =>
            {
                cmd.Parameters.AddWithValue("@path", file.RelativePath);
                cmd.Parameters.AddWithValue("@rows", rows);
                cmd.Parameters.AddWithValue("@phase", phase);
                cmd.Parameters.AddWithValue("@running", TaskPhases.StateRunning);
                cmd.Parameters.AddWithValue("@lag", lag is { } l ? (long)l.TotalMilliseconds : null);
                cmd.Parameters.AddWithValue("@ttl", ttl.Ticks / 10);
            }, ct).ConfigureAwait(false);
    }

    /// <summary>Renews the lease and reports phase, state and lag. Fenced.</summary>
    internal async Task HeartbeatAsync(PartitionLease lease, string phase, string state, TimeSpan? lag, TimeSpan ttl, bool clearError, CancellationToken ct)
    {
        await FencedAsync(lease,
            """
            UPDATE feature_sync_tasks SET phase = @phase, state = @state, lag_ms = COALESCE(@lag, lag_ms),
                last_error = IF(@clear, NULL, last_error), last_error_at = IF(@clear, NULL, last_error_at),
                lease_expires_at = UTC_TIMESTAMP(6) + INTERVAL @ttl MICROSECOND, updated_at = UTC_TIMESTAMP(6)
            WHERE job_id = @id AND partition_no = @p AND lease_token = @token
            """,
            cmd =>
            {
                cmd.Parameters.AddWithValue("@phase", phase);
                cmd.Parameters.AddWithValue("@state", state);
                cmd.Parameters.AddWithValue("@lag", lag is { } l ? (long)l.TotalMilliseconds : null);
                cmd.Parameters.AddWithValue("@clear", clearError);
                cmd.Parameters.AddWithValue("@ttl", ttl.Ticks / 10);
            }, ct).ConfigureAwait(false);
    }

    /// <summary>Records a failure of the task (state retrying or failed) and keeps the lease while it backs off. Fenced.</summary>
    internal async Task RecordErrorAsync(PartitionLease lease, string state, string error, TimeSpan ttl, CancellationToken ct)
    {
        await FencedAsync(lease,
            """
            UPDATE feature_sync_tasks SET state = @state, last_error = @error, last_error_at = UTC_TIMESTAMP(6),
                lease_expires_at = UTC_TIMESTAMP(6) + INTERVAL @ttl MICROSECOND, updated_at = UTC_TIMESTAMP(6)
            WHERE job_id = @id AND partition_no = @p AND lease_token = @token
            """,
            cmd =>
            {
                cmd.Parameters.AddWithValue("@state", state);
                cmd.Parameters.AddWithValue("@error", error.Length > 4000 ? error[..4000] : error);
                cmd.Parameters.AddWithValue("@ttl", ttl.Ticks / 10);
            }, ct).ConfigureAwait(false);
    }

    /// <summary>Gives the lease up (on stop or when done) so another worker can take the task at once. Fenced.</summary>
    internal async Task ReleaseAsync(PartitionLease lease, string phase, string state, CancellationToken ct)
    {
        await FencedAsync(lease,
            """
            UPDATE feature_sync_tasks SET phase = @phase, state = @state, lease_owner = NULL, lease_id = NULL, lease_expires_at = NULL,
                updated_at = UTC_TIMESTAMP(6)
            WHERE job_id = @id AND partition_no = @p AND lease_token = @token
            """,
            cmd =>
            {
                cmd.Parameters.AddWithValue("@phase", phase);
                cmd.Parameters.AddWithValue("@state", state);
            }, ct).ConfigureAwait(false);
    }

    private async Task FencedAsync(PartitionLease lease, string sql, Action<MySqlCommand> bind, CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = new MySqlCommand(sql, conn);
        AddKey(cmd, lease.JobId, lease.Partition);
        cmd.Parameters.AddWithValue("@token", lease.Token);
        bind(cmd);
        // The connection reports rows matched (not changed), so 0 means the token moved on.
        if (await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
            throw new LeaseLostException(lease.JobId, lease.Partition, lease.Token);
    }

    private static void AddKey(MySqlCommand cmd, string jobId, int partition)
    {
        cmd.Parameters.AddWithValue("@id", jobId);
        cmd.Parameters.AddWithValue("@p", partition);
    }

    private Task<MySqlConnection> OpenAsync(CancellationToken ct) => StateConnections.OpenAsync(_connectionString, ct);

    private static async Task ExecAsync(MySqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new MySqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private FeatureSyncJob Deserialize(string jobId, string json)
    {
        try
        {
            return JsonSerializer.Deserialize<FeatureSyncJob>(json, Json)
                ?? throw new FeatureSyncConfigurationException($"job '{jobId}' in {_database}.feature_sync_jobs has an empty definition");
        }
        catch (JsonException ex)
        {
            throw new FeatureSyncConfigurationException($"job '{jobId}' in {_database}.feature_sync_jobs has an unreadable definition: {ex.Message}", ex);
        }
    }
}
