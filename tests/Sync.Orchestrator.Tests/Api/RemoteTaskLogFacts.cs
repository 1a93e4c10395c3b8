using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Sync.Api.Contracts;
using Sync.Metadata;
using Sync.Orchestrator.Tests.Hosting;
using Sync.Storage;
using Sync.Testing;

namespace Sync.Orchestrator.Tests.Api;

/// <summary>Pod logs the Kubernetes executor copied to the object store, served back by the API and the dashboard.</summary>
public sealed class RemoteTaskLogFacts
{
    [S3rverFact]
    public async Task TaskLog_IsReadFromTheObjectStore_WhenTheLogWasCopiedThere()
    {
        var server = await S3rverServer.GetAsync();
        var bucket = await server.CreateBucketAsync("logs");
        using (var client = server.Client())
        {
            await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "sync/orders/extract.1.log", ContentBody = "pod log: 42 rows\n", UseChunkEncoding = false });
        }
        var connection = new S3ConnectionSettings
        {
            Endpoint = server.Endpoint,
            ForcePathStyle = true,
            Credentials = new ObjectStoreCredentials(S3rverServer.AccessKey, S3rverServer.SecretKey),
        };
        var store = new S3ObjectStore("s3", new ObjectStoreSettings { S3 = connection });
        await using var host = await WebTestHost.StartAsync([WebTestHost.CommandDag("orders", "extract", "load")],
            configureServices: services => services.AddSingleton<Func<string, IObjectStore>>(_ => store));
        using var http = new HttpClient { BaseAddress = host.Address };
        using (var created = await http.PostAsync(ApiRoutes.Trigger("orders"), new StringContent("{}", System.Text.Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var runId = (await host.Store.ListRunsAsync(new RunQuery { DagId = "orders" }, CancellationToken.None)).Single().RunId;
        await host.FinishTaskAsync("orders", runId, "extract", TaskState.Success, 42, $"s3://{bucket}/sync/orders/extract.1.log");
        await host.FinishTaskAsync("orders", runId, "load", TaskState.Failed, 0, $"s3://{bucket}/sync/orders/load.1.log", "boom");

        Assert.Equal("pod log: 42 rows\n", await http.GetStringAsync(ApiRoutes.TaskLog("orders", runId, "extract")));
        using var missing = await http.GetAsync(ApiRoutes.TaskLog("orders", runId, "load"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains($"s3://{bucket}/sync/orders/load.1.log", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
