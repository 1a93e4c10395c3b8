using Sync.Testing;
using Sync.Warehouse.Dialects;

namespace Sync.Warehouse.Tests.Dialects;

public class MySqlDialectFacts
{
    [MariaDbFact]
    public async Task CreateTable_RunsOnMariaDb_WithEveryColumnType()
    {
        await using var db = await WarehouseDb.CreateAsync();
        var table = new WarehouseTableDefinition
        {
            Name = "all_types",
            Columns =
            [
                new("k", WarehouseColumnType.String),
                new("b", WarehouseColumnType.Boolean), new("i8", WarehouseColumnType.TinyInt), new("i16", WarehouseColumnType.SmallInt),
                new("i32", WarehouseColumnType.Int), new("i64", WarehouseColumnType.BigInt), new("f", WarehouseColumnType.Float),
                new("d", WarehouseColumnType.Double), new("dec", WarehouseColumnType.Decimal(38, 10)), new("s", WarehouseColumnType.String),
                new("vc", WarehouseColumnType.VarChar(20)), new("bin", WarehouseColumnType.Binary), new("dt", WarehouseColumnType.Date),
                new("ts", WarehouseColumnType.DateTime), new("j", WarehouseColumnType.Json),
            ],
            PrimaryKey = ["k"],
            DistributionKey = ["k"],
            PartitionColumn = "dt",
            Lifecycle = 10,
            Comment = "it's a test",
        };
        await db.ExecuteAsync(MySqlDialect.Instance.CreateTable(table));

        var columns = await db.RowsAsync(
            $"SELECT column_name, column_type, is_nullable FROM information_schema.columns WHERE table_schema='{db.Database}' AND table_name='all_types' ORDER BY ordinal_position");
        var types = columns.ToDictionary(r => (string)r[0], r => (string)r[1]);
        Assert.Equal("varchar(255)", types["k"]);
        Assert.Equal("tinyint(1)", types["b"]);
        Assert.Equal("decimal(38,10)", types["dec"]);
        Assert.Equal("longtext", types["s"]);
        Assert.Equal("varchar(20)", types["vc"]);
        Assert.Equal("longblob", types["bin"]);
        Assert.Equal("datetime(6)", types["ts"]);
        Assert.Equal("NO", columns.Single(r => (string)r[0] == "dt")[2]);
        var comment = await db.RowsAsync($"SELECT table_comment, table_collation FROM information_schema.tables WHERE table_schema='{db.Database}' AND table_name='all_types'");
        Assert.Equal("it's a test", comment[0][0]);
        Assert.Equal("utf8mb4_bin", comment[0][1]);
    }

    [MariaDbFact]
    public async Task SwapStatements_SwapAtomically_OnMariaDb()
    {
        await using var db = await WarehouseDb.CreateAsync();
        await db.ExecuteAsync("CREATE TABLE t (v INT)");
        await db.ExecuteAsync("CREATE TABLE t__stg_1 (v INT)");
        await db.ExecuteAsync("INSERT INTO t__stg_1 VALUES (2)");
        var statements = MySqlDialect.Instance.SwapStatements("t", "t__stg_1", "t__bak_1");
        Assert.Single(statements);
        await db.ExecuteAsync(statements[0]);
        Assert.Equal(["t", "t__bak_1"], await db.TablesAsync());
        Assert.Equal(1, await db.CountAsync("t"));
    }

    [Fact]
    public void Quote_AllowsReservedWords_OnMySql()
    {
        Assert.Equal("`select`", MySqlDialect.Instance.Quote("select"));
        Assert.Throws<WarehouseSchemaException>(() => MySqlDialect.Instance.Quote("a`; DROP TABLE x"));
    }

    [Fact]
    public void ForName_PicksDialect_ByConfiguredName()
    {
        Assert.Same(MySqlDialect.Instance, WarehouseDialects.ForName("mysql"));
        Assert.Same(MySqlDialect.Instance, WarehouseDialects.ForName(null));
        Assert.Same(AnalyticDbDialect.Instance, WarehouseDialects.ForName("AnalyticDB"));
        Assert.Throws<WarehouseSchemaException>(() => WarehouseDialects.ForName("oracle"));
    }
}
