using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.Running;
using Sync.FeatureSync.Tests.Support;
using Sync.Storage;
using Sync.Testing;

namespace Sync.FeatureSync.Tests.Running;

/// <summary>
/// A failure at each point of a file's publication (recorded as pending, put to one of two destinations, put to
/// both but checkpoint not saved): the restarted task finishes the same file under the same name, with both
/// destinations byte-identical, and the offline rows stay exact.
/// </summary>
public sealed class CrashWindowTests
{
    public enum CrashPoint
    {
        BeforeAnyPut,
        AfterFirstDestination,
        AfterAllDestinations,
    }

    [MariaDbTheory]
    [InlineData(CrashPoint.BeforeAnyPut)]
    [InlineData(CrashPoint.AfterFirstDestination)]
    [InlineData(CrashPoint.AfterAllDestinations)]
    public async Task RunAsync_PublishesTheSameFileOnce_WhenPublicationBreaksOff(CrashPoint point)
    {
        var bed = await SyncTestBed.CreateAsync();
        await bed.Table.InsertHistoryAsync(6_000, DateTime.Now.AddHours(-5), TimeSpan.FromSeconds(2));
        var job = bed.Job(SyncMode.Full, destinations: [bed.DestinationUri, bed.SecondUri]);
        await bed.State.CreateJobAsync(job, CancellationToken.None);

        // Puts alternate first/second destination per file: the 3rd file's puts are numbers 5 and 6.
        FaultyObjectStore? faulty = null;
        var run = bed.Runner(uri => faulty ??= new FaultyObjectStore(
            ObjectStores.Open(uri, ObjectStoreSettings.Default),
            failBefore: (n, _) => point switch { CrashPoint.BeforeAnyPut => n == 5, CrashPoint.AfterFirstDestination => n == 6, _ => false },
            failAfter: (n, _) => point == CrashPoint.AfterAllDestinations && n == 6));
        var result = await run.RunAsync(job.JobId, bed.RunOptions(), new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.True(result.AllDone);
        Assert.NotNull(faulty!.FailedUri);
        var online = await bed.Table.SnapshotAsync();
        OfflineFiles.AssertExact(online, await OfflineFiles.ReadRowsAsync(bed.TableRoot));
        OfflineFiles.AssertExact(online, await OfflineFiles.ReadRowsAsync(Path.Combine(bed.SecondRoot, bed.Table.Name)));

        // The interrupted file exists under the name it was recorded with, in both destinations, identical.
        var relative = faulty.FailedUri!.Replace(bed.DestinationUri + "/", "", StringComparison.Ordinal).Replace(bed.SecondUri + "/", "", StringComparison.Ordinal);
        var first = OfflineFiles.List(bed.OutputRoot).Select(f => Path.GetRelativePath(bed.OutputRoot, f)).ToList();
        var second = OfflineFiles.List(bed.SecondRoot).Select(f => Path.GetRelativePath(bed.SecondRoot, f)).ToList();
        Assert.Contains(relative, first);
        Assert.Equal(first, second);
        foreach (var rel in first)
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(bed.OutputRoot, rel)), await File.ReadAllBytesAsync(Path.Combine(bed.SecondRoot, rel)));
        var status = Assert.Single(await bed.State.GetStatusAsync(job.JobId, CancellationToken.None));
        Assert.Equal(online.Count, status.RowsSynced);
        Assert.Equal(first.Count, status.FilesPublished);
        Assert.Null(status.PendingFile);
    }
}
