using Sync.Testing;
using Sync.Warehouse.Dialects;
using Sync.Warehouse.Tables;

namespace Sync.Warehouse.Tests.Tables;

public class TableSwapperFacts
{
    public static TheoryData<string> Dialects() => ["mysql", "analyticdb"];

    [MariaDbTheory]
    [MemberData(nameof(Dialects))]
    public async Task SwapAsync_RenamesStaging_WhenTargetIsMissing(string dialectName)
    {
        await using var db = await WarehouseDb.CreateAsync();
        await db.ExecuteAsync("CREATE TABLE orders__stg_1 (v INT)");
        var swapper = new TableSwapper(new DdlRunner(db.Connection), WarehouseDialects.ForName(dialectName));
        var result = await swapper.SwapAsync("orders", "orders__stg_1", 1, CancellationToken.None);
        Assert.Null(result.Backup);
        Assert.Equal(["orders"], await db.TablesAsync());
    }

    [MariaDbTheory]
    [MemberData(nameof(Dialects))]
    public async Task SwapAsync_KeepsNewestBackups_WhenSwappedRepeatedly(string dialectName)
    {
        await using var db = await WarehouseDb.CreateAsync();
        var swapper = new TableSwapper(new DdlRunner(db.Connection), WarehouseDialects.ForName(dialectName));
        for (var run = 1; run <= 4; run++)
        {
            await db.ExecuteAsync($"CREATE TABLE orders__stg_{run} (v INT)");
            await db.ExecuteAsync($"INSERT INTO orders__stg_{run} VALUES ({run})");
            await swapper.SwapAsync("orders", $"orders__stg_{run}", 2, CancellationToken.None);
        }
        Assert.Equal(["orders", "orders__bak_2", "orders__bak_3"], await db.TablesAsync());
        Assert.Equal(4, Convert.ToInt32((await db.RowsAsync("SELECT v FROM orders"))[0][0]));
        Assert.Equal(3, Convert.ToInt32((await db.RowsAsync("SELECT v FROM orders__bak_3"))[0][0]));
    }

    [MariaDbFact]
    public async Task SwapAsync_DropsOldTarget_WhenKeepingNoBackup()
    {
        await using var db = await WarehouseDb.CreateAsync();
        await db.ExecuteAsync("CREATE TABLE orders (v INT)");
        await db.ExecuteAsync("CREATE TABLE orders__stg_1 (v INT)");
        var result = await new TableSwapper(new DdlRunner(db.Connection), MySqlDialect.Instance).SwapAsync("orders", "orders__stg_1", 0, CancellationToken.None);
        Assert.Equal(["orders__bak_1"], result.DroppedBackups);
        Assert.Equal(["orders"], await db.TablesAsync());
    }

    [MariaDbTheory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task SwapAsync_Converges_WhenKilledAfterStatementAndRunAgain(int killAfter)
    {
        await using var db = await WarehouseDb.CreateAsync();
        await db.ExecuteAsync("CREATE TABLE orders (v INT)");
        await db.ExecuteAsync("INSERT INTO orders VALUES (1)");
        await db.ExecuteAsync("CREATE TABLE orders__bak_1 (v INT)");
        await db.ExecuteAsync("CREATE TABLE orders__stg_9 (v INT)");
        await db.ExecuteAsync("INSERT INTO orders__stg_9 VALUES (2)");

        // ADB's swap is ALTER target RENAME bak_2; ALTER staging RENAME target; DROP bak_1 (keep 1).
        var dying = new DdlRunner(db.Connection, (n, _) => { if (n == killAfter) throw new OperationCanceledException("killed"); });
        await Assert.ThrowsAsync<OperationCanceledException>(() =>
            new TableSwapper(dying, AnalyticDbDialect.Instance).SwapAsync("orders", "orders__stg_9", 1, CancellationToken.None));

        var swapper = new TableSwapper(new DdlRunner(db.Connection), AnalyticDbDialect.Instance);
        if (killAfter == 1)
        {
            await swapper.SwapAsync("orders", "orders__stg_9", 1, CancellationToken.None);
        }
        else
        {
            // Staging is gone: the swap is done, only pruning remains.
            await swapper.PruneBackupsAsync("orders", 1, CancellationToken.None);
        }
        Assert.Equal(["orders", "orders__bak_2"], await db.TablesAsync());
        Assert.Equal(2, Convert.ToInt32((await db.RowsAsync("SELECT v FROM orders"))[0][0]));
        Assert.Equal(1, Convert.ToInt32((await db.RowsAsync("SELECT v FROM orders__bak_2"))[0][0]));
    }

    [MariaDbFact]
    public async Task CreateStatementCopyingAsync_CopiesDefinition_UnderNewName()
    {
        await using var db = await WarehouseDb.CreateAsync();
        await db.ExecuteAsync("CREATE TABLE orders (id BIGINT NOT NULL, note VARCHAR(7) NULL, PRIMARY KEY (id)) COMMENT='x'");
        var runner = new DdlRunner(db.Connection);
        var catalog = new WarehouseCatalog(runner, MySqlDialect.Instance);
        await runner.ExecuteAsync(await catalog.CreateStatementCopyingAsync("orders", "orders__stg_1", CancellationToken.None), CancellationToken.None);
        var columns = await catalog.ColumnsAsync("orders__stg_1", CancellationToken.None);
        Assert.Equal(["id", "note"], columns.Select(c => c.Name));
        Assert.Equal("varchar(7)", columns[1].ColumnType);
        Assert.False(columns[0].Nullable);
        Assert.Equal(["id"], await catalog.PrimaryKeyAsync("orders__stg_1", CancellationToken.None));
        Assert.True(await catalog.TableExistsAsync("orders__stg_1", CancellationToken.None));
        Assert.False(await catalog.TableExistsAsync("orders__stg_2", CancellationToken.None));
    }
}
