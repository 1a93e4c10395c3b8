using System.Diagnostics;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.Output;
using Sync.FeatureSync.Source;
using Sync.FeatureSync.State;

namespace Sync.FeatureSync.Running;

/// <summary>
/// Copies one partition of a job's source table to the offline store, forever (or until a full copy is done),
/// retrying with backoff after any failure and resuming from its checkpoint.
/// </summary>
/// <remarks>
/// Exactly-once publication. Rows are read in (timestamp, key) order; the checkpoint is the position of the last row
/// of the last file published. A file is closed when it reaches the row or byte limit, when the next row belongs to
/// another day (dt folder), when it is older than the roll interval, or when a full copy goes quiet. Its name is
/// derived from the first and last positions it holds. Publishing a file takes three steps:
/// <list type="number">
/// <item>record it as pending in the task's state row (path, last position, rows), fenced by the lease token;</item>
/// <item>put it to every destination (each put is atomic: the object appears whole or not at all);</item>
/// <item>advance the checkpoint to its last position and clear the pending record, in one fenced statement.</item>
/// </list>
/// A crash before (1) loses only the spool file: the rows are re-read from the checkpoint. A crash after (1) leaves
/// the file's exact boundary durable, so a restart never has to recompute it from wall-clock decisions (roll interval,
/// "caught up") that would come out differently the second time: it completes the recorded file under the same name,
/// copying it byte for byte from a destination that already has it, or rebuilding it from the source rows in
/// (checkpoint, last] when none has, and only then commits and reads on. So a file name is published at most once
/// per range, no two files overlap, and no row between checkpoints is skipped. A fenced copy (its token superseded)
/// can at worst finish putting the file it had recorded, under that same name: the new holder completes the same
/// pending record first.
/// </remarks>
internal sealed partial class PartitionSyncTask
{
    private readonly FeatureSyncJob _job;
    private readonly int _partition;
    private readonly FeatureSyncStateStore _state;
    private readonly string _sourceConnectionString;
    private readonly IReadOnlyList<OfflineDestination> _destinations;
    private readonly FeatureSyncRunOptions _options;
    private readonly ILogger _logger;
    private readonly string _spoolDirectory;

    private string _phase = TaskPhases.Full;
    private TimeSpan? _lag;
    private TimeSpan _sourceClockOffset;
    private volatile bool _fenced;

    public PartitionSyncTask(
        FeatureSyncJob job, int partition, FeatureSyncStateStore state, string sourceConnectionString,
        IReadOnlyList<OfflineDestination> destinations, FeatureSyncRunOptions options, ILogger logger)
    {
        _job = job;
        _partition = partition;
        _state = state;
        _sourceConnectionString = SourceConnections.ForReading(sourceConnectionString);
        _destinations = destinations;
        _options = options;
        _logger = logger;
        _spoolDirectory = Path.Combine(options.SpoolDirectory, job.JobId, $"p{partition:D3}");
    }

    private TimeSpan Ttl => _options.LeaseTtl;

    /// <summary>Runs until done (full mode), cancelled, fenced, or failed for good.</summary>
    public async Task<PartitionOutcome> RunAsync(CancellationToken ct)
    {
        var backoff = _options.RetryMinBackoff;
        while (true)
        {
            PartitionLease lease;
            try
            {
                lease = await AcquireLeaseAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return PartitionOutcome.Stopped;
            }
            catch (Exception ex) when (ex is MySqlException or IOException or TimeoutException)
            {
                LogStateStoreFailed(_job.JobId, _partition, backoff, ex);
                if (!await DelayAsync(backoff, ct).ConfigureAwait(false)) return PartitionOutcome.Stopped;
                backoff = Next(backoff);
                continue;
            }

            using var fence = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var heartbeat = HeartbeatAsync(lease, fence);
            bool progressed = false;
            try
            {
                await SyncAsync(lease, () => progressed = true, fence.Token).ConfigureAwait(false);
                await _state.ReleaseAsync(lease, TaskPhases.Done, TaskPhases.StateDone, CancellationToken.None).ConfigureAwait(false);
                return PartitionOutcome.Done;
            }
            catch (Exception ex) when (ex is LeaseLostException || (ex is OperationCanceledException && _fenced))
            {
                LogFenced(_job.JobId, _partition, lease.Token);
                return PartitionOutcome.Fenced;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await TryReleaseAsync(lease).ConfigureAwait(false);
                return PartitionOutcome.Stopped;
            }
            catch (FeatureSyncConfigurationException ex)
            {
                LogFailed(_job.JobId, _partition, ex);
                await TryRecordErrorAsync(lease, TaskPhases.StateFailed, ex).ConfigureAwait(false);
                return PartitionOutcome.Failed;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (progressed) backoff = _options.RetryMinBackoff;
                LogRetrying(_job.JobId, _partition, backoff, ex);
                if (!await TryRecordErrorAsync(lease, TaskPhases.StateRetrying, ex).ConfigureAwait(false)) return PartitionOutcome.Fenced;
            }
            finally
            {
                await fence.CancelAsync().ConfigureAwait(false);
                await heartbeat.ConfigureAwait(false);
            }
            if (!await DelayAsync(backoff, ct).ConfigureAwait(false)) return PartitionOutcome.Stopped;
            backoff = Next(backoff);
        }
    }

    private TimeSpan Next(TimeSpan backoff) => TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.RetryMaxBackoff.Ticks));

    /// <summary>Takes the lease, waiting while another live worker holds it.</summary>
    private async Task<PartitionLease> AcquireLeaseAsync(CancellationToken ct)
    {
        bool logged = false;
        while (true)
        {
            var lease = await _state.TryAcquireLeaseAsync(_job.JobId, _partition, _options.WorkerId, Ttl, ct).ConfigureAwait(false);
            if (lease != null) return lease;
            if (!logged) LogWaitingForLease(_job.JobId, _partition);
            logged = true;
            await Task.Delay(TimeSpan.FromTicks(Math.Max(Ttl.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks)), ct).ConfigureAwait(false);
        }
    }

    /// <summary>Renews the lease every third of its life; when fenced, flags it and cancels the work (returns true).</summary>
    private async Task<bool> HeartbeatAsync(PartitionLease lease, CancellationTokenSource work)
    {
        var every = TimeSpan.FromTicks(Ttl.Ticks / 3);
        while (!work.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, work.Token).ConfigureAwait(false);
                await _state.HeartbeatAsync(lease, _phase, TaskPhases.StateRunning, _lag, Ttl, clearError: false, work.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (work.IsCancellationRequested)
            {
                return false;
            }
            catch (LeaseLostException)
            {
                _fenced = true;
                await work.CancelAsync().ConfigureAwait(false);
                return true;
            }
            catch (Exception ex) when (ex is MySqlException or IOException or TimeoutException)
            {
                LogHeartbeatFailed(_job.JobId, _partition, ex);
            }
        }
        return false;
    }

    private async Task SyncAsync(PartitionLease lease, Action progressed, CancellationToken ct)
    {
        if (Directory.Exists(_spoolDirectory)) Directory.Delete(_spoolDirectory, recursive: true);
        Directory.CreateDirectory(_spoolDirectory);
        _phase = lease.Phase == TaskPhases.Done ? TaskPhases.Done : lease.Phase;

        var source = new MySqlConnection(_sourceConnectionString);
        await using var sourceScope = source.ConfigureAwait(false);
        await source.OpenAsync(ct).ConfigureAwait(false);
        var schema = await SourceSchema.LoadAsync(source, _job, ct).ConfigureAwait(false);
        await ReadSourceClockAsync(source, ct).ConfigureAwait(false);
        // Reading ahead overlaps the server's work on the next page with ours on the current one while catching up.
        var reader = new SourceReader(_job, schema, PartitionFilter.For(_job, schema, _partition), readAhead: _options.ReadAhead);
        await using var readerScope = reader.ConfigureAwait(false);

        var cursor = lease.Position is { } p ? SyncCursor.AfterPosition(p)
            : _job.StartPosition is { } sp ? SyncCursor.AfterPosition(sp)
            : _job.StartTimestamp is { } st ? SyncCursor.AtOrAfter(st)
            : SyncCursor.Beginning;

        if (lease.Pending is { } pending)
        {
            await CompletePendingAsync(lease, source, reader, cursor, pending, ct).ConfigureAwait(false);
            cursor = SyncCursor.AfterPosition(pending.Last);
            progressed();
        }
        if (_phase == TaskPhases.Done && _job.Mode == SyncMode.Full) return;
        await _state.HeartbeatAsync(lease, _phase, TaskPhases.StateRunning, _lag, Ttl, clearError: true, ct).ConfigureAwait(false);

        SpoolFile? open = null;
        // The file being published while the next one is read: at most one, so files are published in order and a
        // file's pending record always follows the checkpoint of the one before.
        Task? publishing = null;
        long lastNewRow = Stopwatch.GetTimestamp();
        int fileNo = 0;
        var pageSize = new PageSizing(_job.PageRows);
        try
        {
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                if (publishing is { IsCompleted: true })
                {
                    await publishing.ConfigureAwait(false);
                    publishing = null;
                }
                long openRows = open?.Rows ?? 0;
                int limit = (int)Math.Min(pageSize.Rows, _job.RollRows - openRows);
                // The next read's limit if this page comes back full: the size grown, within what is left of the file
                // (or of the next file, when this page fills this one).
                long left = _job.RollRows - openRows - limit;
                int nextLimit = (int)Math.Min(pageSize.RowsAfterFullPage, left > 0 ? left : _job.RollRows);
                var page = await reader.ReadPageAsync(source, cursor, upTo: null, limit, open?.Day, ct, nextLimit).ConfigureAwait(false);
                pageSize.After(page);
                if (page.Rows > 0)
                {
                    open ??= new SpoolFile(Path.Combine(_spoolDirectory, $"f{fileNo++}.tmp"), _job.Format, schema.ArrowSchema, page.Day);
                    await open.AppendAsync(page, ct).ConfigureAwait(false);
                    cursor = SyncCursor.AfterPosition(page.Last);
                    lastNewRow = Stopwatch.GetTimestamp();
                }
                bool caughtUp = page.Rows < limit && !page.StoppedAtDayChange;
                bool quiet = caughtUp && Stopwatch.GetElapsedTime(lastNewRow) >= _job.QuietPeriod;
                bool finished = _job.Mode == SyncMode.Full && quiet;
                if (open != null && (open.Rows >= _job.RollRows || open.EstimatedBytes >= _job.RollBytes || page.StoppedAtDayChange
                    || open.Age >= _job.RollInterval || finished))
                {
                    if (publishing != null) await publishing.ConfigureAwait(false);
                    publishing = PublishAndDeleteAsync(lease, open, progressed, ct);
                    open = null;
                }
                if (!caughtUp) continue;
                if (_phase == TaskPhases.Full && _job.Mode == SyncMode.FullAndIncremental) _phase = TaskPhases.Incremental;
                _lag = TimeSpan.Zero;
                if (open != null)
                {
                    // Only a file waiting to be published has a lag; an idle poll costs no clock query.
                    await ReadSourceClockAsync(source, ct).ConfigureAwait(false);
                    _lag = LagOf(open.First);
                }
                if (finished)
                {
                    if (publishing != null) await publishing.ConfigureAwait(false);
                    publishing = null;
                    _phase = TaskPhases.Done;
                    return;
                }
                await Task.Delay(_options.PollInterval, ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (publishing != null)
        {
            // Reading failed (or was cancelled) while a file was being published: let that finish before the lease goes.
            try
            {
                await publishing.ConfigureAwait(false);
            }
            catch (Exception publishError) when (publishError is not OutOfMemoryException)
            {
                LogPublishFailedToo(_job.JobId, _partition, ex.Message, publishError);
            }
            throw;
        }
        finally
        {
            if (open != null) await open.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task PublishAndDeleteAsync(PartitionLease lease, SpoolFile file, Action progressed, CancellationToken ct)
    {
        try
        {
            await PublishAsync(lease, file, ct).ConfigureAwait(false);
            progressed();
        }
        finally
        {
            await file.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task PublishAsync(PartitionLease lease, SpoolFile file, CancellationToken ct)
    {
        await file.CompleteAsync(ct).ConfigureAwait(false);
        var pending = new PendingFile(
            FileNaming.RelativePath(_job.OfflineTableName, _partition, file.Day, file.First, file.Last, _job.Format), file.Last, file.Rows);
        await _state.RecordPendingAsync(lease, pending, Ttl, ct).ConfigureAwait(false);
        foreach (var destination in _destinations)
            await destination.PublishAsync(pending.RelativePath, file.Path, ct).ConfigureAwait(false);
        await CommitAsync(lease, pending, pending.Rows, ct).ConfigureAwait(false);
    }

    private async Task CommitAsync(PartitionLease lease, PendingFile pending, long rows, CancellationToken ct)
    {
        _lag = LagOf(pending.Last);
        await _state.CommitFileAsync(lease, pending, rows, _phase, _lag, Ttl, ct).ConfigureAwait(false);
        LogPublished(_job.JobId, _partition, pending.RelativePath, rows);
        _options.FilePublished?.Invoke(new PublishedFile(_job.JobId, _partition, pending.RelativePath, rows, pending.Last, DateTime.UtcNow));
    }

    /// <summary>Finishes a file recorded as pending by an earlier run that stopped before its checkpoint: same name, same rows.</summary>
    private async Task CompletePendingAsync(PartitionLease lease, MySqlConnection source, SourceReader reader, SyncCursor checkpoint, PendingFile pending, CancellationToken ct)
    {
        var missing = new List<OfflineDestination>();
        OfflineDestination? holder = null;
        foreach (var d in _destinations)
        {
            if (await d.ExistsAsync(pending.RelativePath, ct).ConfigureAwait(false)) holder ??= d;
            else missing.Add(d);
        }
        long rows = pending.Rows;
        if (missing.Count > 0)
        {
            string local = Path.Combine(_spoolDirectory, "pending.tmp");
            if (holder != null)
            {
                // Published somewhere already: copy those very bytes so every destination holds the same file.
                await holder.DownloadAsync(pending.RelativePath, local, ct).ConfigureAwait(false);
            }
            else
            {
                rows = await RebuildAsync(source, reader, checkpoint, pending, local, ct).ConfigureAwait(false);
            }
            foreach (var d in missing) await d.PublishAsync(pending.RelativePath, local, ct).ConfigureAwait(false);
            File.Delete(local);
        }
        LogCompletedPending(_job.JobId, _partition, pending.RelativePath, missing.Count, holder != null);
        await CommitAsync(lease, pending, rows, ct).ConfigureAwait(false);
    }

    /// <summary>Re-reads exactly the rows in (checkpoint, pending.Last] into a local file.</summary>
    private async Task<long> RebuildAsync(MySqlConnection source, SourceReader reader, SyncCursor checkpoint, PendingFile pending, string local, CancellationToken ct)
    {
        var cursor = checkpoint;
        SpoolFile? file = null;
        try
        {
            while (true)
            {
                // Pages without a day filter: a row committed late on another day still belongs to this range.
                var page = await reader.ReadPageAsync(source, cursor, pending.Last, _job.PageRows, null, ct).ConfigureAwait(false);
                if (page.Rows == 0) break;
                file ??= new SpoolFile(local, _job.Format, reader.Schema.ArrowSchema, page.Day);
                await file.AppendAsync(page, ct).ConfigureAwait(false);
                cursor = SyncCursor.AfterPosition(page.Last);
            }
            file ??= new SpoolFile(local, _job.Format, reader.Schema.ArrowSchema, default);
            await file.CompleteAsync(ct).ConfigureAwait(false);
            if (file.Rows != pending.Rows) LogRebuildRowsDiffer(_job.JobId, _partition, pending.RelativePath, pending.Rows, file.Rows);
            return file.Rows;
        }
        catch
        {
            if (file != null) await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Reads the source server's clock (the clock its timestamps come from, in its session time zone) as an offset
    /// from ours, so lags are measured on it without a query (a file is committed while the connection reads on).
    /// Read at the start and whenever the task has caught up with a file open, so a time-zone change on the server is followed.
    /// </summary>
    private async Task ReadSourceClockAsync(MySqlConnection source, CancellationToken ct)
    {
        await using var cmd = new MySqlCommand("SELECT NOW(6)", source);
        var now = (DateTime)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        _sourceClockOffset = now - DateTime.UtcNow;
    }

    /// <summary>Age of a source row by the source server's clock.</summary>
    private TimeSpan LagOf(SyncPosition oldestNotOffline)
    {
        var lag = DateTime.UtcNow + _sourceClockOffset - oldestNotOffline.Timestamp;
        return lag < TimeSpan.Zero ? TimeSpan.Zero : lag;
    }

    private async Task TryReleaseAsync(PartitionLease lease)
    {
        try
        {
            await _state.ReleaseAsync(lease, _phase, TaskPhases.StateStopped, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MySqlException or IOException or TimeoutException or LeaseLostException)
        {
            LogStateStoreFailed(_job.JobId, _partition, TimeSpan.Zero, ex);
        }
    }

    /// <summary>Records the error on the task row; false when the lease is gone (fenced).</summary>
    private async Task<bool> TryRecordErrorAsync(PartitionLease lease, string state, Exception error)
    {
        try
        {
            await _state.RecordErrorAsync(lease, state, $"{error.GetType().Name}: {error.Message}", Ttl, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (LeaseLostException)
        {
            return false;
        }
        catch (Exception ex) when (ex is MySqlException or IOException or TimeoutException)
        {
            LogStateStoreFailed(_job.JobId, _partition, TimeSpan.Zero, ex);
            return true;
        }
    }

    private static async Task<bool> DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "job {JobId} partition {Partition}: published {Path} ({Rows} rows)")]
    private partial void LogPublished(string jobId, int partition, string path, long rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {JobId} partition {Partition}: the file being published failed too, after reading failed ({ReadError})")]
    private partial void LogPublishFailedToo(string jobId, int partition, string readError, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {JobId} partition {Partition}: completed pending file {Path} left by an earlier run ({Missing} destinations lacked it, copied: {Copied})")]
    private partial void LogCompletedPending(string jobId, int partition, string path, int missing, bool copied);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {JobId} partition {Partition}: rebuilt {Path} with {Actual} rows where {Expected} were recorded (rows deleted or committed late in the source)")]
    private partial void LogRebuildRowsDiffer(string jobId, int partition, string path, long expected, long actual);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {JobId} partition {Partition}: failed, retrying in {Backoff}")]
    private partial void LogRetrying(string jobId, int partition, TimeSpan backoff, Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "job {JobId} partition {Partition}: the job does not fit its source; not retrying")]
    private partial void LogFailed(string jobId, int partition, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {JobId} partition {Partition}: lease token {Token} was taken over; this copy stops writing")]
    private partial void LogFenced(string jobId, int partition, long token);

    [LoggerMessage(Level = LogLevel.Information, Message = "job {JobId} partition {Partition}: another worker holds the lease; waiting for it to expire")]
    private partial void LogWaitingForLease(string jobId, int partition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {JobId} partition {Partition}: state store unreachable (next try in {Backoff})")]
    private partial void LogStateStoreFailed(string jobId, int partition, TimeSpan backoff, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {JobId} partition {Partition}: lease renewal failed")]
    private partial void LogHeartbeatFailed(string jobId, int partition, Exception ex);
}
