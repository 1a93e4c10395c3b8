using MySqlConnector;
using Sync.FeatureSync.State;

namespace Sync.FeatureSync.Supervision;

/// <summary>
/// <see cref="SupervisionRecord"/>s in the table <c>feature_sync_supervision</c> of the feature-sync state database,
/// beside the jobs and task rows the workers keep. In the database rather than in memory so that a restarted
/// orchestrator knows the number of the attempt still running (and so its pod name) and adopts it, and so that the
/// restart count and last exit survive it. Attempts advance by compare-and-set on the attempt number: of two
/// supervisors (replicas) that see the same attempt end, one starts the next attempt and the other adopts it.
/// </summary>
public sealed class SupervisionStore
{
    private readonly string _connectionString;

    /// <param name="connectionString">The server's connection string; its database is replaced by <paramref name="database"/>.</param>
    /// <param name="database">The state database (created by <see cref="State.FeatureSyncStateStore.EnsureSchemaAsync"/>).</param>
    public SupervisionStore(string connectionString, string database)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        _connectionString = new MySqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;
    }

    public async Task EnsureSchemaAsync(CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = new MySqlCommand("""
            CREATE TABLE IF NOT EXISTS feature_sync_supervision (
              job_id VARCHAR(64) NOT NULL,
              partition_no INT NOT NULL,
              attempt INT NOT NULL DEFAULT 0,
              state VARCHAR(16) NOT NULL,
              restarts INT NOT NULL DEFAULT 0,
              consecutive_failures INT NOT NULL DEFAULT 0,
              started_at DATETIME(6) NULL,
              ended_at DATETIME(6) NULL,
              next_start_at DATETIME(6) NULL,
              last_exit_code INT NULL,
              last_error TEXT NULL,
              PRIMARY KEY (job_id, partition_no)
            ) ENGINE=InnoDB
            """, conn);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Every record (of one job when <paramref name="jobId"/> is set), by job and partition.</summary>
    public async Task<IReadOnlyList<SupervisionRecord>> ListAsync(string? jobId, CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = new MySqlCommand(
            $"SELECT {Columns} FROM feature_sync_supervision WHERE (@id IS NULL OR job_id = @id) ORDER BY job_id, partition_no", conn);
        cmd.Parameters.AddWithValue("@id", jobId);
        return await ReadAsync(cmd, ct).ConfigureAwait(false);
    }

    /// <summary>The partition's record, created as <see cref="SupervisionStates.New"/> when there is none.</summary>
    public async Task<SupervisionRecord> GetOrCreateAsync(string jobId, int partition, CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct).ConfigureAwait(false);
        await using (var insert = new MySqlCommand(
            "INSERT IGNORE INTO feature_sync_supervision (job_id, partition_no, state) VALUES (@id, @p, @state)", conn))
        {
            AddKey(insert, jobId, partition);
            insert.Parameters.AddWithValue("@state", SupervisionStates.New);
            await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using var select = new MySqlCommand($"SELECT {Columns} FROM feature_sync_supervision WHERE job_id = @id AND partition_no = @p", conn);
        AddKey(select, jobId, partition);
        var rows = await ReadAsync(select, ct).ConfigureAwait(false);
        return rows.Count == 1 ? rows[0] : throw new InvalidOperationException($"supervision record of job '{jobId}' partition {partition} vanished while it was read");
    }

    /// <summary>
    /// Marks attempt <c>record.Attempt + 1</c> running, if the record still names <c>record.Attempt</c> and is not
    /// running; returns the new record, or null when another supervisor moved first.
    /// </summary>
    public async Task<SupervisionRecord?> TryStartNextAsync(SupervisionRecord record, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var conn = await OpenAsync(ct).ConfigureAwait(false);
        // MySQL assigns left to right, each seeing the ones before: restarts reads attempt before it grows.
        await using var cmd = new MySqlCommand("""
            UPDATE feature_sync_supervision
            SET restarts = restarts + IF(attempt > 0, 1, 0), attempt = attempt + 1, state = @running,
                started_at = @now, ended_at = NULL, next_start_at = NULL
            WHERE job_id = @id AND partition_no = @p AND attempt = @attempt AND state <> @running
            """, conn);
        AddKey(cmd, record.JobId, record.Partition);
        cmd.Parameters.AddWithValue("@attempt", record.Attempt);
        cmd.Parameters.AddWithValue("@running", SupervisionStates.Running);
        cmd.Parameters.AddWithValue("@now", now.UtcDateTime);
        if (await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0) return null;
        return record with
        {
            Attempt = record.Attempt + 1,
            State = SupervisionStates.Running,
            Restarts = record.Restarts + (record.Attempt > 0 ? 1 : 0),
            StartedAt = now,
            EndedAt = null,
            NextStartAt = null,
        };
    }

    /// <summary>Records how a running attempt ended (state, backoff, exit); false when that attempt is no longer the one running.</summary>
    public async Task<bool> TryRecordExitAsync(SupervisionRecord ended, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ended);
        await using var conn = await OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = new MySqlCommand("""
            UPDATE feature_sync_supervision
            SET state = @state, consecutive_failures = @failures, ended_at = @ended, next_start_at = @next,
                last_exit_code = @exit, last_error = @error
            WHERE job_id = @id AND partition_no = @p AND attempt = @attempt AND state = @running
            """, conn);
        AddKey(cmd, ended.JobId, ended.Partition);
        cmd.Parameters.AddWithValue("@state", ended.State);
        cmd.Parameters.AddWithValue("@failures", ended.ConsecutiveFailures);
        cmd.Parameters.AddWithValue("@ended", ended.EndedAt?.UtcDateTime);
        cmd.Parameters.AddWithValue("@next", ended.NextStartAt?.UtcDateTime);
        cmd.Parameters.AddWithValue("@exit", ended.LastExitCode);
        cmd.Parameters.AddWithValue("@error", ended.LastError);
        cmd.Parameters.AddWithValue("@attempt", ended.Attempt);
        cmd.Parameters.AddWithValue("@running", SupervisionStates.Running);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    /// <summary>Removes the records of jobs not in <paramref name="existingJobIds"/> (deleted jobs); returns how many.</summary>
    public async Task<int> RemoveJobsOtherThanAsync(IReadOnlyCollection<string> existingJobIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(existingJobIds);
        await using var conn = await OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = new MySqlCommand { Connection = conn };
        var names = existingJobIds.Select((id, i) =>
        {
            cmd.Parameters.AddWithValue($"@j{i}", id);
            return $"@j{i}";
        }).ToList();
        cmd.CommandText = names.Count == 0
            ? "DELETE FROM feature_sync_supervision"
            : $"DELETE FROM feature_sync_supervision WHERE job_id NOT IN ({string.Join(", ", names)})";
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private const string Columns =
        "job_id, partition_no, attempt, state, restarts, consecutive_failures, started_at, ended_at, next_start_at, last_exit_code, last_error";

    private static async Task<IReadOnlyList<SupervisionRecord>> ReadAsync(MySqlCommand cmd, CancellationToken ct)
    {
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var rows = new List<SupervisionRecord>();
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            rows.Add(new SupervisionRecord
            {
                JobId = r.GetString(0),
                Partition = r.GetInt32(1),
                Attempt = r.GetInt32(2),
                State = r.GetString(3),
                Restarts = r.GetInt32(4),
                ConsecutiveFailures = r.GetInt32(5),
                StartedAt = Utc(r, 6),
                EndedAt = Utc(r, 7),
                NextStartAt = Utc(r, 8),
                LastExitCode = r.IsDBNull(9) ? null : r.GetInt32(9),
                LastError = r.IsDBNull(10) ? null : r.GetString(10),
            });
        }
        return rows;
    }

    private static DateTimeOffset? Utc(MySqlDataReader r, int i) =>
        r.IsDBNull(i) ? null : new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc));

    private static void AddKey(MySqlCommand cmd, string jobId, int partition)
    {
        cmd.Parameters.AddWithValue("@id", jobId);
        cmd.Parameters.AddWithValue("@p", partition);
    }

    private Task<MySqlConnection> OpenAsync(CancellationToken ct) => StateConnections.OpenAsync(_connectionString, ct);
}
