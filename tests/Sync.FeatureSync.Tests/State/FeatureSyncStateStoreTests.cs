using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.State;
using Sync.FeatureSync.Tests.Support;
using Sync.Testing;

namespace Sync.FeatureSync.Tests.State;

public sealed class FeatureSyncStateStoreTests
{
    [MariaDbFact]
    public async Task TryAcquireLeaseAsync_FencesTheOlderHolder_WhenAnotherWorkerTakesAnExpiredLease()
    {
        var bed = await SyncTestBed.CreateAsync();
        var job = bed.Job(SyncMode.Full);
        await bed.State.CreateJobAsync(job, CancellationToken.None);
        var ttl = TimeSpan.FromSeconds(1);

        var a = await bed.State.TryAcquireLeaseAsync(job.JobId, 0, "worker-a", ttl, CancellationToken.None);
        Assert.NotNull(a);
        Assert.Null(await bed.State.TryAcquireLeaseAsync(job.JobId, 0, "worker-b", ttl, CancellationToken.None));
        var pendingOfA = new PendingFile("features/dt=2026-11-23/part-000-a-b.csv", new SyncPosition(new DateTime(2026, 11, 23, 10, 0, 0), "7"), 7);
        await bed.State.RecordPendingAsync(a, pendingOfA, ttl, CancellationToken.None);

        await Task.Delay(ttl + TimeSpan.FromMilliseconds(300));
        var b = await bed.State.TryAcquireLeaseAsync(job.JobId, 0, "worker-b", ttl, CancellationToken.None);
        Assert.NotNull(b);
        Assert.True(b.Token > a.Token);
        Assert.Equal(pendingOfA, b.Pending); // the new holder finishes the file the old one recorded

        await Assert.ThrowsAsync<LeaseLostException>(() => bed.State.CommitFileAsync(a, pendingOfA, 7, TaskPhases.Full, null, ttl, CancellationToken.None));
        await Assert.ThrowsAsync<LeaseLostException>(() => bed.State.RecordPendingAsync(a, pendingOfA with { Rows = 8 }, ttl, CancellationToken.None));
        await Assert.ThrowsAsync<LeaseLostException>(() => bed.State.HeartbeatAsync(a, TaskPhases.Full, TaskPhases.StateRunning, null, ttl, false, CancellationToken.None));
        var status = Assert.Single(await bed.State.GetStatusAsync(job.JobId, CancellationToken.None));
        Assert.Null(status.Position);
        Assert.Equal(pendingOfA.RelativePath, status.PendingFile);

        await bed.State.CommitFileAsync(b, pendingOfA, 7, TaskPhases.Full, null, ttl, CancellationToken.None);
        status = Assert.Single(await bed.State.GetStatusAsync(job.JobId, CancellationToken.None));
        Assert.Equal(pendingOfA.Last, status.Position);
        Assert.Equal(7, status.RowsSynced);
        Assert.Equal("worker-b", status.LeaseOwner);
    }

    [MariaDbFact]
    public async Task TryAcquireLeaseAsync_TakesTheLeaseAtOnce_WhenTheSameWorkerRestarts()
    {
        var bed = await SyncTestBed.CreateAsync();
        var job = bed.Job(SyncMode.Full);
        await bed.State.CreateJobAsync(job, CancellationToken.None);
        var ttl = TimeSpan.FromMinutes(1);

        var first = await bed.State.TryAcquireLeaseAsync(job.JobId, 0, "pod-1", ttl, CancellationToken.None);
        var second = await bed.State.TryAcquireLeaseAsync(job.JobId, 0, "pod-1", ttl, CancellationToken.None);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Equal(first.Token + 1, second.Token);
        await Assert.ThrowsAsync<LeaseLostException>(() => bed.State.HeartbeatAsync(first, TaskPhases.Full, TaskPhases.StateRunning, null, ttl, false, CancellationToken.None));
    }

    [MariaDbFact]
    public async Task TryAcquireLeaseAsync_FencesAWorkerOfTheDeletedJob_WhenTheJobIsCreatedAgain()
    {
        var bed = await SyncTestBed.CreateAsync();
        var job = bed.Job(SyncMode.Full);
        var ttl = TimeSpan.FromMinutes(1);
        await bed.State.CreateJobAsync(job, CancellationToken.None);
        // the old incarnation's worker took the lease many times (restarts), then froze while the job was re-created
        PartitionLease? old = null;
        for (var i = 0; i < 5; i++) old = await bed.State.TryAcquireLeaseAsync(job.JobId, 0, "pod-old", ttl, CancellationToken.None);
        await bed.State.DeleteJobAsync(job.JobId, CancellationToken.None);
        await bed.State.CreateJobAsync(job, CancellationToken.None);

        var fresh = await bed.State.TryAcquireLeaseAsync(job.JobId, 0, "pod-new", ttl, CancellationToken.None);

        Assert.NotNull(fresh);
        Assert.True(fresh.Token > old!.Token, $"new token {fresh.Token} must exceed the old incarnation's {old.Token}");
        var pending = new PendingFile("features/dt=2026-11-23/part-000-a-b.orc", new SyncPosition(new DateTime(2026, 11, 23, 10, 0, 0), "7"), 7);
        await Assert.ThrowsAsync<LeaseLostException>(() => bed.State.RecordPendingAsync(old, pending, ttl, CancellationToken.None));
        for (var i = 0; i < 4; i++) fresh = await bed.State.TryAcquireLeaseAsync(job.JobId, 0, "pod-new", ttl, CancellationToken.None);
        await Assert.ThrowsAsync<LeaseLostException>(() => bed.State.RecordPendingAsync(old, pending, ttl, CancellationToken.None));
        await bed.State.RecordPendingAsync(fresh!, pending, ttl, CancellationToken.None);
    }

    [MariaDbFact]
    public async Task CreateJobAsync_Throws_WhenTheJobExists()
    {
        var bed = await SyncTestBed.CreateAsync();
        var job = bed.Job(SyncMode.Full, partitions: 4);
        await bed.State.CreateJobAsync(job, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<FeatureSyncConfigurationException>(() => bed.State.CreateJobAsync(job, CancellationToken.None));

        Assert.Contains("already exists", ex.Message, StringComparison.Ordinal);
        Assert.Equal(job, await bed.State.GetJobAsync(job.JobId, CancellationToken.None), new JobComparer());
        Assert.Equal(4, (await bed.State.GetStatusAsync(job.JobId, CancellationToken.None)).Count);
    }

    [MariaDbFact]
    public async Task DeleteJobAsync_ReturnsPositionsAndRemovesTasks_WhenTheJobExists()
    {
        var bed = await SyncTestBed.CreateAsync();
        var job = bed.Job(SyncMode.Full, partitions: 2);
        await bed.State.CreateJobAsync(job, CancellationToken.None);

        var before = await bed.State.DeleteJobAsync(job.JobId, CancellationToken.None);

        Assert.Equal(2, before.Count);
        Assert.Null(await bed.State.GetJobAsync(job.JobId, CancellationToken.None));
        Assert.Empty(await bed.State.GetStatusAsync(job.JobId, CancellationToken.None));
    }

    /// <summary>Jobs compare by their JSON-visible fields (lists compare by content).</summary>
    private sealed class JobComparer : IEqualityComparer<FeatureSyncJob?>
    {
        public bool Equals(FeatureSyncJob? x, FeatureSyncJob? y) =>
            x != null && y != null && x with { Destinations = [], KeyRangeBounds = null } == y with { Destinations = [], KeyRangeBounds = null }
            && x.Destinations.SequenceEqual(y.Destinations)
            && (x.KeyRangeBounds ?? []).SequenceEqual(y.KeyRangeBounds ?? []);

        public int GetHashCode(FeatureSyncJob? obj) => obj?.JobId.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
