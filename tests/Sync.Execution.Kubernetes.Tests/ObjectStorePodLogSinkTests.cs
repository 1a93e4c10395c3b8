using Amazon.S3;
using Sync.Storage;
using Sync.Testing;

namespace Sync.Execution.Kubernetes.Tests;

/// <summary>Pod logs copied to a real S3-compatible store (s3rver) before the pod is deleted.</summary>
public sealed class ObjectStorePodLogSinkTests
{
    private static readonly Dictionary<string, string> Images = new()
    {
        ["test/success"] = """echo "loading rows for $HOSTNAME"; echo "warning: slow source" >&2; echo '{"status":"success","rows":5}'""",
    };

    [S3rverFact]
    public async Task RunAsync_CopiesThePodLogToTheObjectStore_BeforeDeletingThePod()
    {
        var server = await S3rverServer.GetAsync();
        var bucket = await server.CreateBucketAsync("logs");
        var connection = new S3ConnectionSettings
        {
            Endpoint = server.Endpoint,
            ForcePathStyle = true,
            Credentials = new ObjectStoreCredentials(S3rverServer.AccessKey, S3rverServer.SecretKey),
        };
        using var store = new S3ObjectStore("s3", new ObjectStoreSettings { S3 = connection });
        var sink = new ObjectStorePodLogSink(store, $"s3://{bucket}/sync/logs/");
        await using var cluster = await FakeCluster.StartAsync(Images);
        var executor = new KubernetesExecutor(cluster.Client, cluster.Options(), sink);
        var launch = FakeCluster.Launch("orders.batch_2", image: "test/success", attempt: 3);

        var outcome = await executor.RunAsync(launch, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal($"s3://{bucket}/sync/logs/{launch.Spec.DagId}/manual__2026-11-23T09_00_00_00_00/orders.batch_2.3.log", outcome.LogLocation);
        await using var log = await store.OpenReadAsync(outcome.LogLocation!, CancellationToken.None);
        var text = await new StreamReader(log).ReadToEndAsync();
        Assert.Contains("loading rows for", text, StringComparison.Ordinal);
        Assert.Contains("warning: slow source", text, StringComparison.Ordinal);
        Assert.Contains("\"rows\":5", text, StringComparison.Ordinal);
        Assert.Empty(cluster.Server.ListPods(FakeCluster.Namespace));
    }

    [Fact]
    public void UriFor_KeepsEverySegmentInsideThePrefix_WhenIdsHoldSlashesOrDots()
    {
        var sink = new ObjectStorePodLogSink(new FileObjectStore(), "oss://bucket/logs");
        var launch = FakeCluster.Launch("../../etc/passwd", runId: "a/b");

        Assert.Equal($"oss://bucket/logs/{launch.Spec.DagId}/a_b/_.._etc_passwd.1.log", sink.UriFor(launch));
    }
}
