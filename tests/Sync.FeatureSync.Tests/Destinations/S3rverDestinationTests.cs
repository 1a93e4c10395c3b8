using Amazon.S3;
using Sync.FeatureSync.Tests.Support;
using Sync.Storage;
using Sync.Testing;

namespace Sync.FeatureSync.Tests.Destinations;

/// <summary>
/// The built worker syncing to s3rver (the S3 API OSS also answers) and to file:// at once, with inserts running:
/// both destinations end up with the same ORC files, and each holds exactly the online rows.
/// </summary>
public sealed class S3rverDestinationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [S3rverFact]
    public async Task RunCommand_WritesTheSameExactOrcFilesToS3AndFile_WhenInsertsRunDuringAFullCopy()
    {
        var s3 = await S3rverServer.GetAsync();
        var bucket = await s3.CreateBucketAsync("fs");
        var bed = await SyncTestBed.CreateAsync();
        await bed.Table.InsertHistoryAsync(5_000, DateTime.Now.AddDays(-2), TimeSpan.FromSeconds(30));
        string s3Root = $"s3://{bucket}/offline";
        string[] state = ["--state-connection", "state", "--state-database", bed.StateDatabase];
        var env = new Dictionary<string, string>(bed.WorkerEnvironment)
        {
            ["SYNC_S3_ENDPOINT"] = s3.Endpoint,
            ["SYNC_S3_FORCE_PATH_STYLE"] = "true",
            ["SYNC_S3_ACCESS_KEY"] = S3rverServer.AccessKey,
            ["SYNC_S3_SECRET_KEY"] = S3rverServer.SecretKey,
        };
        var created = await WorkerProcess.RunAsync(["feature-sync", "create", "--job", "to_s3", "--table", bed.Table.QualifiedName,
            "--key", "id", "--ts", "ts", "--mode", "full", "--dest", s3Root, "--dest", bed.DestinationUri, "--partitions", "2",
            "--source-connection", "online", "--settle", "200ms", "--quiet", "1500ms", "--roll-rows", "1500", "--page-rows", "600", .. state], env, Timeout);
        Assert.True(created.ExitCode == 0, created.Output);

        var inserter = bed.Table.StartInserting(rowsPerSecond: 400);
        using var worker = WorkerProcess.Start(["feature-sync", "run", "to_s3", "--worker-id", "s3", "--poll", "100ms", "--spool-dir", bed.SpoolDirectory, .. state], env);
        await Task.Delay(2_000);
        await inserter.StopAsync();
        Assert.True(await worker.WaitForExitAsync(Timeout), worker.Output);
        Assert.True(worker.ExitCode == 0, worker.Output);

        var online = await bed.Table.SnapshotAsync();
        using var store = new S3ObjectStore("s3", new ObjectStoreSettings
        {
            S3 = new S3ConnectionSettings
            {
                Endpoint = s3.Endpoint,
                ForcePathStyle = true,
                Credentials = new ObjectStoreCredentials(S3rverServer.AccessKey, S3rverServer.SecretKey),
            },
        });
        var (fromS3, keys) = await OfflineFiles.ReadRowsAsync(store, $"{s3Root}/{bed.Table.Name}/");
        OfflineFiles.AssertExact(online, fromS3);
        OfflineFiles.AssertExact(online, await OfflineFiles.ReadRowsAsync(bed.TableRoot));
        Assert.True(keys.Count > 4, $"{keys.Count} files");
        Assert.All(keys, k => Assert.Matches(@"/features/dt=\d{4}-\d{2}-\d{2}/part-00[01]-[^/]+\.orc$", k));
        var local = OfflineFiles.List(bed.TableRoot).Select(f => Path.GetRelativePath(bed.OutputRoot, f).Replace('\\', '/')).ToList();
        Assert.Equal(local, keys.Select(k => k[(s3Root.Length + 1)..]).ToList());
    }
}
