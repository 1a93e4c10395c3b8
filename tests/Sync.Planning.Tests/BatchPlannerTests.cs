using Sync.Planning.Tests.Support;
using Sync.Storage;
using Sync.Storage.Tests.Support;
using Sync.Tasks;
using Sync.Testing;

namespace Sync.Planning.Tests;

public sealed class BatchPlannerTests
{
    private const long MB = 1024 * 1024;
    private static readonly DateTimeOffset Time = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ObjectInfo Obj(string key, long size) => new($"s3://lake/t/{key}", size, $"\"{key.GetHashCode():x}\"", Time);

    private static Task<TablePlan> PlanAsync(IObjectStore store, PlanOptions? options = null, string source = "s3://lake/t") =>
        BatchPlanner.PlanAsync(store, source, options ?? PlanOptions.Default, CancellationToken.None);

    private static IEnumerable<IEnumerable<string>> Shape(TablePlan plan) => plan.Batches.Select(b => b.Files.Select(f => f.Uri));

    [Fact]
    public async Task PlanAsync_GivesSameBatches_WhenSameListingArrivesInAnyOrder()
    {
        var objects = Enumerable.Range(0, 500).Select(i => Obj($"dt=2024-01-{i % 7 + 1:00}/part-{i:0000}.orc", (i * 7919 % 13 + 1) * MB)).ToList();
        var shuffled = objects.OrderBy(o => o.Uri.GetHashCode()).ToList();

        var first = await PlanAsync(new ListingObjectStore(objects));
        var second = await PlanAsync(new ListingObjectStore(shuffled));

        Assert.Equal(Shape(first), Shape(second));
        Assert.Equal(first.Batches.Select(b => b.Index), Enumerable.Range(1, first.Batches.Count));
        var flattened = first.Batches.SelectMany(b => b.Files).Select(f => f.Uri).ToList();
        Assert.Equal(objects.Select(o => o.Uri).Order(StringComparer.Ordinal), flattened);
        Assert.All(first.Batches, b => Assert.True(b.Files.Count == 1 || b.TotalBytes <= PlanOptions.DefaultTargetBatchBytes));
        Assert.Equal(objects.Sum(o => o.Size), first.TotalBytes);
        Assert.Equal(500, first.TotalFiles);
    }

    [Fact]
    public async Task PlanAsync_ClosesBatchBeforeTarget_AndPutsLargerFileAlone()
    {
        var store = new ListingObjectStore([Obj("a.orc", 20 * MB), Obj("b.orc", 20 * MB), Obj("c.orc", 20 * MB), Obj("d.orc", 120 * MB), Obj("e.orc", 5 * MB)]);

        var plan = await PlanAsync(store);

        Assert.Equal(
            new[] { new[] { "a.orc", "b.orc" }, ["c.orc"], ["d.orc"], ["e.orc"] },
            plan.Batches.Select(b => b.Files.Select(f => f.Uri["s3://lake/t/".Length..]).ToArray()).ToArray());
        Assert.Equal([40 * MB, 20 * MB, 120 * MB, 5 * MB], plan.Batches.Select(b => b.TotalBytes));
    }

    [Fact]
    public async Task PlanAsync_SpreadsTenThousandTinyFiles_OverAFewBatches()
    {
        var objects = Enumerable.Range(0, 10_000).Select(i => Obj($"part-{i:00000}.orc", 2_000)).ToList();

        var plan = await PlanAsync(new ListingObjectStore(objects));

        Assert.Equal(10, plan.Batches.Count);
        Assert.All(plan.Batches, b => Assert.Equal(PlanOptions.DefaultMaxFilesPerBatch, b.Files.Count));
        Assert.Equal(10_000, plan.TotalFiles);
    }

    [Fact]
    public async Task PlanAsync_KeepsEachFileOnce_WhenBothLimitsApply()
    {
        var objects = Enumerable.Range(0, 1_000).Select(i => Obj($"f-{i:0000}.orc", i % 10 == 0 ? 3_000 : 100)).ToList();

        var plan = await PlanAsync(new ListingObjectStore(objects), new PlanOptions { TargetBatchBytes = 10_000, MaxFilesPerBatch = 50 });

        Assert.All(plan.Batches, b => Assert.InRange(b.Files.Count, 1, 50));
        Assert.All(plan.Batches, b => Assert.InRange(b.TotalBytes, 1, 10_000));
        Assert.Equal(objects.Select(o => o.Uri), plan.Batches.SelectMany(b => b.Files).Select(f => f.Uri));
    }

    [Fact]
    public async Task PlanAsync_SkipsMarkersChecksumsHiddenAndEmptyFiles_InFileTree()
    {
        using var dir = new TempFolder();
        var table = Path.Combine(dir.Path, "warehouse", "t");
        dir.Write("warehouse/t/dt=2024-01-01/part-0.orc", new byte[100]);
        dir.Write("warehouse/t/dt=2024-01-01/.part-0.orc.crc", new byte[8]);
        dir.Write("warehouse/t/dt=2024-01-01/part-1.orc.crc", new byte[8]);
        dir.Write("warehouse/t/dt=2024-01-01/empty.orc", []);
        dir.Write("warehouse/t/_SUCCESS", []);
        dir.Write("warehouse/t/_temporary/0/part-9.orc", new byte[50]);
        dir.Write("warehouse/t/.hive-staging_hive_2024/-ext-10000/part-0.orc", new byte[50]);
        dir.Write("warehouse/t/dt=__HIVE_DEFAULT_PARTITION__/part-0.orc", new byte[70]);
        dir.Write("warehouse/t_backup/dt=2024-01-01/part-0.orc", new byte[10]);

        var plan = await BatchPlanner.PlanAsync(new FileObjectStore(), table, PlanOptions.Default, CancellationToken.None);

        Assert.Equal(
            new[] { "dt=2024-01-01/part-0.orc", "dt=__HIVE_DEFAULT_PARTITION__/part-0.orc" }.Select(r => $"file://{table}/{r}"),
            plan.Batches.SelectMany(b => b.Files).Select(f => f.Uri));
        Assert.Equal(170, plan.TotalBytes);
        var reasons = plan.SkippedFiles.ToDictionary(s => s.Uri[(table.Length + "file://".Length + 1)..], s => s.Reason);
        Assert.Equal(SkipReason.Checksum, reasons["dt=2024-01-01/.part-0.orc.crc"]);
        Assert.Equal(SkipReason.Checksum, reasons["dt=2024-01-01/part-1.orc.crc"]);
        Assert.Equal(SkipReason.Empty, reasons["dt=2024-01-01/empty.orc"]);
        Assert.Equal(SkipReason.Marker, reasons["_SUCCESS"]);
        Assert.Equal(SkipReason.Hidden, reasons["_temporary/0/part-9.orc"]);
        Assert.Equal(SkipReason.Hidden, reasons[".hive-staging_hive_2024/-ext-10000/part-0.orc"]);
        Assert.Equal(6, plan.SkippedFiles.Count);
    }

    [Fact]
    public async Task PlanAsync_FillsDecodedPartitionValues_AndNullForDefaultPartition()
    {
        using var dir = new TempFolder();
        var table = Path.Combine(dir.Path, "t");
        dir.Write("t/dt=2024-01-01/hour=10/ts=2024-01-01 10%3A30%3A00/city=S%C3%A3o Paulo/a.orc", new byte[10]);
        dir.Write("t/dt=2024-01-02/hour=__HIVE_DEFAULT_PARTITION__/ts=2024-01-02 00%3A00%3A00.123456789/city=a%2Fb/b.orc", new byte[10]);
        var options = new PlanOptions
        {
            PartitionColumns =
            [
                new PartitionColumnSpec { Name = "dt", Type = "date" },
                new PartitionColumnSpec { Name = "hour", Type = "int" },
                new PartitionColumnSpec { Name = "ts", Type = "timestamp" },
                new PartitionColumnSpec { Name = "city", Type = "string" },
            ],
        };

        var plan = await BatchPlanner.PlanAsync(new FileObjectStore(), "file://" + table, options, CancellationToken.None);

        var files = plan.Batches.Single().Files;
        Assert.Equal(new Dictionary<string, string?> { ["dt"] = "2024-01-01", ["hour"] = "10", ["ts"] = "2024-01-01 10:30:00", ["city"] = "São Paulo" }, files[0].Partition);
        Assert.Equal(new Dictionary<string, string?> { ["dt"] = "2024-01-02", ["hour"] = null, ["ts"] = "2024-01-02 00:00:00.123456789", ["city"] = "a/b" }, files[1].Partition);
    }

    [Theory]
    [InlineData("dt=2024-13-45/a.orc", "dt", "date", "2024-13-45")]
    [InlineData("id=12x/a.orc", "id", "int", "12x")]
    [InlineData("id=3000000000/a.orc", "id", "int", "3000000000")]
    [InlineData("amount=123.456/a.orc", "amount", "decimal(5,2)", "123.456")]
    [InlineData("flag=yes/a.orc", "flag", "boolean", "yes")]
    [InlineData("ts=2024-01-01T10%3A00%3A00/a.orc", "ts", "timestamp", "2024-01-01T10:00:00")]
    public async Task PlanAsync_ThrowsNamingObjectAndValue_WhenValueDoesNotParseAsType(string key, string column, string type, string value)
    {
        var options = new PlanOptions { PartitionColumns = [new PartitionColumnSpec { Name = column, Type = type }] };

        var error = await Assert.ThrowsAsync<PartitionPathException>(() => PlanAsync(new ListingObjectStore([Obj(key, 10)]), options));

        Assert.Equal($"s3://lake/t/{key}", error.Uri);
        Assert.Equal(column, error.Column);
        Assert.Equal(value, error.Value);
        Assert.Contains($"s3://lake/t/{key}", error.Message);
        Assert.Contains($"'{value}'", error.Message);
        Assert.Contains(type, error.Message);
    }

    [Theory]
    [InlineData("dt=2024-01-01/a.orc", "date")]
    [InlineData("id=-12/a.orc", "bigint")]
    [InlineData("amount=-123.45/a.orc", "decimal(5,2)")]
    [InlineData("flag=TRUE/a.orc", "boolean")]
    [InlineData("x=1.5e3/a.orc", "double")]
    [InlineData("v=anything goes/a.orc", "varchar(10)")]
    public async Task PlanAsync_AcceptsValue_WhenItParsesAsType(string key, string type)
    {
        var column = key[..key.IndexOf('=', StringComparison.Ordinal)];
        var options = new PlanOptions { PartitionColumns = [new PartitionColumnSpec { Name = column, Type = type }] };

        var plan = await PlanAsync(new ListingObjectStore([Obj(key, 10)]), options);

        Assert.Equal(key[(column.Length + 1)..key.IndexOf('/', StringComparison.Ordinal)], plan.Batches[0].Files[0].Partition[column]);
    }

    [Fact]
    public async Task PlanAsync_ThrowsNamingPath_WhenDeclaredColumnMissing()
    {
        var store = new ListingObjectStore([Obj("dt=2024-01-01/a.orc", 10), Obj("b.orc", 10)]);
        var options = new PlanOptions { PartitionColumns = [new PartitionColumnSpec { Name = "dt", Type = "date" }] };

        var error = await Assert.ThrowsAsync<PartitionPathException>(() => PlanAsync(store, options));

        Assert.Equal("s3://lake/t/b.orc", error.Uri);
        Assert.Equal("dt", error.Column);
        Assert.Null(error.Value);
        Assert.Contains("'dt' is missing from the path of s3://lake/t/b.orc", error.Message);
    }

    [Fact]
    public async Task PlanAsync_ReturnsNoBatches_WhenPrefixIsEmpty()
    {
        var plan = await PlanAsync(new ListingObjectStore([]));

        Assert.Empty(plan.Batches);
        Assert.Equal(0, plan.TotalFiles);
        Assert.Equal(0, plan.TotalBytes);
    }

    [Theory]
    [InlineData(0, 10, "TargetBatchBytes")]
    [InlineData(10, 0, "MaxFilesPerBatch")]
    public void Validate_NamesOption_WhenOutOfRange(long target, int maxFiles, string name)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new PlanOptions { TargetBatchBytes = target, MaxFilesPerBatch = maxFiles }.Validate());

        Assert.Equal(name, error.ParamName);
    }

    [Theory]
    [InlineData("geometry", "unsupported type 'geometry'")]
    [InlineData("decimal(50,2)", "unsupported type 'decimal(50,2)'")]
    public void Validate_NamesColumn_WhenTypeUnsupported(string type, string expected)
    {
        var options = new PlanOptions { PartitionColumns = [new PartitionColumnSpec { Name = "p", Type = type }] };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains(expected, error.Message);
        Assert.Contains("'p'", error.Message);
    }

    [Fact]
    public void Validate_Throws_WhenColumnDeclaredTwice()
    {
        var options = new PlanOptions { PartitionColumns = [new PartitionColumnSpec { Name = "dt" }, new PartitionColumnSpec { Name = "DT" }] };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("declares 'DT' twice", error.Message);
    }

    [S3rverFact]
    public async Task PlanAsync_PlansBucketPrefix_ThroughPagedListing()
    {
        var server = await S3rverServer.GetAsync();
        var bucket = await S3rverBuckets.CreateAsync(server);
        using var client = server.Client();
        for (var i = 0; i < 25; i++)
        {
            await client.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
            {
                BucketName = bucket,
                Key = $"warehouse/t/dt=2024-01-0{i % 3 + 1}/part-{i:00}.orc",
                InputStream = new MemoryStream(new byte[1_000 + i]),
                UseChunkEncoding = false,
            });
        }
        await client.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = bucket, Key = "warehouse/t/_SUCCESS", InputStream = new MemoryStream() });
        using var store = new S3ObjectStore("s3", S3rverBuckets.Settings(server.Endpoint, pageSize: 4));
        var options = new PlanOptions { MaxFilesPerBatch = 10, PartitionColumns = [new PartitionColumnSpec { Name = "dt", Type = "date" }] };

        var plan = await BatchPlanner.PlanAsync(store, $"s3://{bucket}/warehouse/t/", options, CancellationToken.None);

        Assert.Equal([10, 10, 5], plan.Batches.Select(b => b.Files.Count));
        Assert.Equal(25, plan.TotalFiles);
        Assert.Equal(Enumerable.Range(0, 25).Sum(i => 1_000L + i), plan.TotalBytes);
        Assert.Equal($"s3://{bucket}/warehouse/t/_SUCCESS", Assert.Single(plan.SkippedFiles).Uri);
        Assert.Equal("2024-01-01", plan.Batches[0].Files[0].Partition["dt"]);
        Assert.All(plan.Batches.SelectMany(b => b.Files), f => Assert.False(string.IsNullOrEmpty(f.ETag)));
    }
}
