using Sync.Warehouse.Dialects;

namespace Sync.Warehouse.Tests.Dialects;

public class AnalyticDbDialectFacts
{
    private static readonly WarehouseTableDefinition Orders = new()
    {
        Name = "orders",
        Columns =
        [
            new("order_id", WarehouseColumnType.BigInt),
            new("customer", WarehouseColumnType.String),
            new("code", WarehouseColumnType.VarChar(10)),
            new("amount", WarehouseColumnType.Decimal(18, 2)),
            new("payload", WarehouseColumnType.Binary),
            new("created_at", WarehouseColumnType.DateTime),
            new("tags", WarehouseColumnType.Json),
            new("flag", WarehouseColumnType.Boolean),
            new("dt", WarehouseColumnType.Date),
        ],
        PrimaryKey = ["order_id", "dt"],
        DistributionKey = ["order_id"],
        PartitionColumn = "dt",
        PartitionExpression = "DATE_FORMAT(`dt`, '%Y%m%d')",
        Lifecycle = 365,
        Comment = "synced by o'hare",
    };

    [Fact]
    public void CreateTable_WritesDistributionPartitionAndLifecycle_WhenPartitioned()
    {
        const string expected = """
            CREATE TABLE `orders` (
              `order_id` BIGINT NOT NULL,
              `customer` VARCHAR NULL,
              `code` VARCHAR(10) NULL,
              `amount` DECIMAL(18,2) NULL,
              `payload` BINARY NULL,
              `created_at` DATETIME NULL,
              `tags` JSON NULL,
              `flag` BOOLEAN NULL,
              `dt` DATE NOT NULL,
              PRIMARY KEY (`order_id`, `dt`)
            )
            DISTRIBUTED BY HASH(`order_id`)
            PARTITION BY VALUE(DATE_FORMAT(`dt`, '%Y%m%d')) LIFECYCLE 365
            COMMENT 'synced by o''hare'
            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), AnalyticDbDialect.Instance.CreateTable(Orders));
    }

    [Fact]
    public void CreateTable_DistributesByPrimaryKey_WhenNoDistributionKeyOrPartition()
    {
        var table = new WarehouseTableDefinition
        {
            Name = "events",
            Columns = [new("name", WarehouseColumnType.String), new("__sync_file_id", WarehouseColumnType.BigInt, false), new("__sync_row", WarehouseColumnType.BigInt, false)],
            PrimaryKey = ["__sync_file_id", "__sync_row"],
        };
        const string expected = """
            CREATE TABLE `events` (
              `name` VARCHAR NULL,
              `__sync_file_id` BIGINT NOT NULL,
              `__sync_row` BIGINT NOT NULL,
              PRIMARY KEY (`__sync_file_id`, `__sync_row`)
            )
            DISTRIBUTED BY HASH(`__sync_file_id`, `__sync_row`)
            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), AnalyticDbDialect.Instance.CreateTable(table));
    }

    [Fact]
    public void CreateTable_Throws_WhenPrimaryKeyLacksPartitionColumn()
    {
        var ex = Assert.Throws<WarehouseSchemaException>(() => AnalyticDbDialect.Instance.CreateTable(Orders with { PrimaryKey = ["order_id"] }));
        Assert.Contains("'dt'", ex.Message);
        Assert.Equal(["dt"], ex.Columns);
    }

    [Fact]
    public void CreateTable_Throws_WhenPartitionedWithoutLifecycle()
    {
        var ex = Assert.Throws<WarehouseSchemaException>(() => AnalyticDbDialect.Instance.CreateTable(Orders with { Lifecycle = null }));
        Assert.Contains("LIFECYCLE", ex.Message);
    }

    [Fact]
    public void SwapStatements_AreTwoAlterRenames_OnAnalyticDb()
    {
        Assert.Equal(
            ["ALTER TABLE `orders` RENAME `orders__bak_3`", "ALTER TABLE `orders__stg_ab12` RENAME `orders`"],
            AnalyticDbDialect.Instance.SwapStatements("orders", "orders__stg_ab12", "orders__bak_3"));
        Assert.False(AnalyticDbDialect.Instance.HasAtomicSwap);
        Assert.Equal("DROP TABLE `orders__bak_1`", AnalyticDbDialect.Instance.DropTable("orders__bak_1"));
    }

    [Theory]
    [InlineData("Orders", "lowercase")]
    [InlineData("order-id", "lowercase")]
    [InlineData("1st", "starting with")]
    [InlineData("select", "reserved")]
    [InlineData("", "empty")]
    [InlineData("a`b", "lowercase")]
    public void Quote_RejectsName_WhenOutsideAnalyticDbRules(string name, string reason)
    {
        var ex = Assert.Throws<WarehouseSchemaException>(() => AnalyticDbDialect.Instance.Quote(name));
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void Quote_RejectsName_WhenLongerThan64()
    {
        var ex = Assert.Throws<WarehouseSchemaException>(() => AnalyticDbDialect.Instance.Quote(new string('a', 65)));
        Assert.Contains("65 characters", ex.Message);
    }

    [Fact]
    public void ColumnType_UsesUnboundedVarcharAndBinary_OnAnalyticDb()
    {
        Assert.Equal("VARCHAR", AnalyticDbDialect.Instance.ColumnType(WarehouseColumnType.String, inKey: true));
        Assert.Equal("BINARY", AnalyticDbDialect.Instance.ColumnType(WarehouseColumnType.Binary, inKey: false));
        Assert.Equal("DATETIME", AnalyticDbDialect.Instance.ColumnType(WarehouseColumnType.DateTime, inKey: false));
        Assert.Equal(3, AnalyticDbDialect.Instance.TimestampFractionDigits);
    }
}
