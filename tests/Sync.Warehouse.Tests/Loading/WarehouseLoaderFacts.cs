using Apache.Arrow;
using Sync.Testing;
using Sync.Warehouse.Dialects;
using Sync.Warehouse.Loading;

namespace Sync.Warehouse.Tests.Loading;

public class WarehouseLoaderFacts
{
    private const string SurrogateTable = """
        CREATE TABLE t (name LONGTEXT NULL, n BIGINT NULL, __sync_file_id BIGINT NOT NULL, __sync_row BIGINT NOT NULL,
        PRIMARY KEY (__sync_file_id, __sync_row))
        """;

    private static RecordBatch Rows(int count, int width = 40)
    {
        var names = Enumerable.Range(0, count).Select(i => $"row {i} " + new string((char)('a' + i % 26), width)).ToArray();
        return ArrowData.Batch(("name", ArrowData.Strings(names)), ("n", ArrowData.Longs(Enumerable.Range(0, count).Select(i => (long?)i * 7).ToArray())));
    }

    [MariaDbTheory]
    [InlineData(WriteMode.Insert)]
    [InlineData(WriteMode.LoadData)]
    public async Task WriteAsync_KeepsStatementsUnderCap_WhenBatchIsLarge(WriteMode mode)
    {
        await using var db = await WarehouseDb.CreateAsync();
        await db.ExecuteAsync(SurrogateTable);
        const int cap = 16 * 1024;
        var loader = new WarehouseLoader(db.Connection, MySqlDialect.Instance, "t", ["name", "n"], true,
            new WarehouseLoaderOptions { WriteMode = mode, MaxStatementBytes = cap, MaxLoadDataBytes = cap });
        await loader.WriteAsync(Rows(3000), new RowOrigin(SurrogateKey.SourceIdFor("file:///a.orc"), 0));
        await loader.FlushAsync();

        Assert.Equal(3000, await db.CountAsync("t"));
        Assert.Equal(3000, loader.RowsSent);
        Assert.Equal(3000, loader.RowsInserted);
        Assert.True(loader.Statements >= 3000 * 60 / cap, $"only {loader.Statements} statements");
        // INSERT drops the row that crosses the cap into the next statement; a LOAD DATA stream ends after it.
        var limit = mode == WriteMode.Insert ? cap : cap + 200;
        Assert.True(loader.LargestStatementBytes <= limit, $"largest statement {loader.LargestStatementBytes} > {limit}");
        var sum = await db.RowsAsync("SELECT SUM(n), MIN(__sync_row), MAX(__sync_row) FROM t");
        Assert.Equal(7L * 2999 * 3000 / 2, Convert.ToInt64(sum[0][0]));
        Assert.Equal(0L, Convert.ToInt64(sum[0][1]));
        Assert.Equal(2999L, Convert.ToInt64(sum[0][2]));
    }

    [MariaDbTheory]
    [InlineData(WriteMode.Insert)]
    [InlineData(WriteMode.LoadData)]
    public async Task WriteAsync_LeavesRowsOnce_WhenPartlyLoadedBatchRunsAgainWithSurrogateKey(WriteMode mode)
    {
        await using var db = await WarehouseDb.CreateAsync();
        await db.ExecuteAsync(SurrogateTable);
        var batch = Rows(1000);
        var origin = new RowOrigin(SurrogateKey.SourceIdFor("s3://bucket/t/part-0.orc"), 0);
        var options = new WarehouseLoaderOptions { WriteMode = mode, MaxStatementBytes = 8 * 1024, MaxLoadDataBytes = 8 * 1024 };

        // First attempt dies after its first 400 rows reached the table.
        var first = new WarehouseLoader(db.Connection, MySqlDialect.Instance, "t", ["name", "n"], true, options);
        await first.WriteAsync(batch.Slice(0, 400), origin);
        await first.FlushAsync();
        Assert.Equal(400, await db.CountAsync("t"));

        var retry = new WarehouseLoader(db.Connection, MySqlDialect.Instance, "t", ["name", "n"], true, options);
        await retry.WriteAsync(batch, origin);
        await retry.FlushAsync();
        Assert.Equal(1000, await db.CountAsync("t"));
        Assert.Equal(600, retry.RowsInserted);

        // A whole rerun adds nothing.
        var again = new WarehouseLoader(db.Connection, MySqlDialect.Instance, "t", ["name", "n"], true, options);
        await again.WriteAsync(batch, origin);
        await again.FlushAsync();
        Assert.Equal(1000, await db.CountAsync("t"));
        Assert.Equal(0, again.RowsInserted);
        var distinct = await db.RowsAsync("SELECT COUNT(DISTINCT n) FROM t");
        Assert.Equal(1000L, Convert.ToInt64(distinct[0][0]));
    }

    [MariaDbTheory]
    [InlineData(WriteMode.Insert)]
    [InlineData(WriteMode.LoadData)]
    public async Task WriteAsync_LeavesRowsOnce_WhenBatchRunsAgainWithBusinessKey(WriteMode mode)
    {
        await using var db = await WarehouseDb.CreateAsync();
        await db.ExecuteAsync("CREATE TABLE t (name LONGTEXT NULL, n BIGINT NOT NULL, PRIMARY KEY (n))");
        var batch = Rows(500);
        var options = new WarehouseLoaderOptions { WriteMode = mode, MaxStatementBytes = 4 * 1024 };
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var loader = new WarehouseLoader(db.Connection, MySqlDialect.Instance, "t", ["name", "n"], false, options);
            await loader.WriteAsync(attempt == 0 ? batch.Slice(0, 123) : batch);
            await loader.FlushAsync();
        }
        Assert.Equal(500, await db.CountAsync("t"));
    }

    [MariaDbTheory]
    [InlineData(WriteMode.Insert)]
    [InlineData(WriteMode.LoadData)]
    public async Task WriteAsync_Throws_WhenServerWouldTruncateValue(WriteMode mode)
    {
        await using var db = await WarehouseDb.CreateAsync();
        await db.ExecuteAsync("CREATE TABLE t (id INT NOT NULL PRIMARY KEY, v VARCHAR(3) NULL)");
        var loader = new WarehouseLoader(db.Connection, MySqlDialect.Instance, "t", ["id", "v"], false, new WarehouseLoaderOptions { WriteMode = mode });
        await loader.WriteAsync(ArrowData.Batch(("id", ArrowData.Ints(1, 2)), ("v", ArrowData.Strings("abc", "abcdef"))));
        var ex = await Assert.ThrowsAsync<WarehouseDataException>(async () => await loader.FlushAsync());
        Assert.Contains("'t'", ex.Message);
        Assert.Contains("1265", ex.Message + (ex.InnerException?.Message ?? ""), StringComparison.Ordinal);
    }

    [MariaDbFact]
    public async Task WriteAsync_ThrowsNamingColumnAndRow_WhenStringIsNotUtf8()
    {
        await using var db = await WarehouseDb.CreateAsync();
        await db.ExecuteAsync("CREATE TABLE t (id INT NOT NULL PRIMARY KEY, v LONGTEXT NULL)");
        var bad = new StringArray(new ArrayData(Apache.Arrow.Types.StringType.Default, 2, 0, 0,
            [ArrowBuffer.Empty, ArrowData.Int32Buffer(0, 2, 5), new ArrowBuffer(new byte[] { (byte)'o', (byte)'k', 0x61, 0xff, 0x62 })]));
        var loader = new WarehouseLoader(db.Connection, MySqlDialect.Instance, "t", ["id", "v"], false, new WarehouseLoaderOptions { WriteMode = WriteMode.Insert });
        var ex = await Assert.ThrowsAsync<WarehouseDataException>(async () => await loader.WriteAsync(ArrowData.Batch(("id", ArrowData.Ints(1, 2)), ("v", bad))));
        Assert.Equal("v", ex.Column);
        Assert.Equal(1, ex.Row);
        Assert.Contains("UTF-8", ex.Message);
    }

    [MariaDbFact]
    public async Task WriteAsync_ThrowsListingColumns_WhenBatchLacksThem()
    {
        await using var db = await WarehouseDb.CreateAsync();
        var loader = new WarehouseLoader(db.Connection, MySqlDialect.Instance, "t", ["id", "x", "y"], false);
        var ex = await Assert.ThrowsAsync<WarehouseSchemaException>(async () => await loader.WriteAsync(ArrowData.Batch(("id", ArrowData.Ints(1)))));
        Assert.Equal(["x", "y"], ex.Columns);
    }

    [MariaDbFact]
    public async Task LoadData_SendsOnlyClausesAnalyticDbAccepts_WhenLoading()
    {
        await using var db = await WarehouseDb.CreateAsync();
        await db.ExecuteAsync("CREATE TABLE t (id INT NOT NULL PRIMARY KEY, v LONGTEXT NULL)");
        await db.ExecuteAsync("SET GLOBAL log_output = 'TABLE'");
        await db.ExecuteAsync("SET GLOBAL general_log = 1");
        try
        {
            var loader = new WarehouseLoader(db.Connection, MySqlDialect.Instance, "t", ["id", "v"], false, new WarehouseLoaderOptions { WriteMode = WriteMode.LoadData });
            await loader.WriteAsync(ArrowData.Batch(("id", ArrowData.Ints(1)), ("v", ArrowData.Strings("x"))));
            await loader.FlushAsync();
        }
        finally
        {
            await db.ExecuteAsync("SET GLOBAL general_log = 0");
        }
        var logged = await db.RowsAsync("SELECT CONVERT(argument USING utf8mb4) FROM mysql.general_log WHERE argument LIKE 'LOAD DATA%' ORDER BY event_time DESC LIMIT 1");
        var sql = (string)logged.Single()[0];
        Assert.StartsWith("LOAD DATA LOCAL INFILE", sql, StringComparison.Ordinal);
        Assert.Contains("IGNORE INTO TABLE `t`", sql, StringComparison.Ordinal);
        Assert.True(sql.Contains("FIELDS TERMINATED BY ',' ENCLOSED BY '\\\"' LINES TERMINATED BY '\n' IGNORE 0 LINES", StringComparison.Ordinal), sql);
        Assert.Contains("(`id`,`v`)", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("ESCAPED BY", sql, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("CHARACTER SET", sql, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("STARTING BY", sql, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" SET ", sql, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void SourceIdFor_IsStable_AcrossCalls()
    {
        Assert.Equal(SurrogateKey.SourceIdFor("s3://b/k.orc"), SurrogateKey.SourceIdFor("s3://b/k.orc"));
        Assert.NotEqual(SurrogateKey.SourceIdFor("s3://b/k.orc"), SurrogateKey.SourceIdFor("s3://b/k2.orc"));
        // Pinned: a change would re-key every table loaded before it.
        Assert.Equal(SurrogateKey.SourceIdFor("file:///x"), BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData("file:///x"u8).AsSpan(0, 8).ToArray().Reverse().ToArray()));
    }

    [Fact]
    public void ParseWriteMode_MapsSpecNames_AndRejectsOthers()
    {
        Assert.Equal(WriteMode.Insert, WarehouseLoaderOptions.ParseWriteMode("insert"));
        Assert.Equal(WriteMode.LoadData, WarehouseLoaderOptions.ParseWriteMode("load-data"));
        Assert.Equal(WarehouseLoaderOptions.DefaultWriteMode, WarehouseLoaderOptions.ParseWriteMode("default"));
        Assert.Throws<ArgumentException>(() => WarehouseLoaderOptions.ParseWriteMode("upsert"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WarehouseLoaderOptions { MaxStatementBytes = 20 * 1024 * 1024 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new WarehouseLoaderOptions { MaxLoadDataBytes = 100 }.Validate());
    }
}
