using System.Text;
using Apache.Arrow;
using Sync.Testing;
using Sync.Warehouse.Dialects;
using Sync.Warehouse.Loading;

namespace Sync.Warehouse.Tests.Loading;

/// <summary>
/// LOAD DATA rows streamed into an open statement: exact values across the sink's block, the pipe's capacity and
/// statement boundaries; and every way a stream ends early (bad value, source failure, cancellation) reports the
/// original error, leaves only whole rows, frees the connection and never hangs.
/// </summary>
public class LoadDataStreamingFacts
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(60);

    private const string KeyedTable = "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, v LONGTEXT NULL)";

    private static string ValueFor(int id) => $"row {id}: \"quoted\", back\\slash, comma, tab\t, é, 😀 " + new string((char)('a' + (id % 26)), id % 97);

    private static RecordBatch KeyedRows(int first, int count) => ArrowData.Batch(
        ("id", ArrowData.Ints(Enumerable.Range(first, count).Select(i => (int?)i).ToArray())),
        ("v", ArrowData.Strings(Enumerable.Range(first, count).Select(ValueFor).ToArray())));

    private static WarehouseLoader Loader(WarehouseDb db, long maxLoadDataBytes = WarehouseLoaderOptions.DefaultMaxLoadDataBytes) =>
        new(db.Connection, MySqlDialect.Instance, "t", ["id", "v"], false,
            new WarehouseLoaderOptions { WriteMode = WriteMode.LoadData, MaxLoadDataBytes = maxLoadDataBytes });

    /// <summary>Every row in t holds exactly its own value: no row was cut short when a stream ended early.</summary>
    private static async Task<long> AssertOnlyWholeRowsAsync(WarehouseDb db)
    {
        var rows = await db.RowsAsync("SELECT id, v FROM t ORDER BY id");
        foreach (var row in rows) Assert.Equal(ValueFor(Convert.ToInt32(row[0])), row[1] as string);
        return rows.Count;
    }

    [MariaDbFact]
    public async Task WriteAsync_LoadsExactValues_WhenRowsCrossBlockPipeAndStatementBoundaries()
    {
        await using var db = await WarehouseDb.CreateAsync();
        await db.ExecuteAsync("""
            CREATE TABLE t (v LONGTEXT NULL, __sync_file_id BIGINT NOT NULL, __sync_row BIGINT NOT NULL,
            PRIMARY KEY (__sync_file_id, __sync_row))
            """);
        var random = new Random(11);
        string[] alphabet = ["a", "b", " ", ",", "\"", "\\", "\n", "\r", "\t", "é", "😀", "x", "0", "9"];
        var expected = new List<string?>();
        for (var i = 0; i < 6_000; i++)
        {
            expected.Add(
                i % 17 == 0 ? null
                : i % 13 == 0 ? ""
                // A few values larger than the sink's block and the pipe's hand-over, some with specials at the edges.
                : i % 1_000 == 1 ? "\"" + new string('\\', 3) + new string('w', 1_200_000) + "\""
                : string.Concat(Enumerable.Range(0, random.Next(1, 2_000)).Select(_ => alphabet[random.Next(alphabet.Length)])));
        }
        var origin = SurrogateKey.SourceIdFor("file:///stream.orc");
        await using (var loader = new WarehouseLoader(db.Connection, MySqlDialect.Instance, "t", ["v"], true,
            new WarehouseLoaderOptions { WriteMode = WriteMode.LoadData, MaxLoadDataBytes = 3 * 1024 * 1024 }))
        {
            for (var first = 0; first < expected.Count; first += 1_000)
            {
                var batch = ArrowData.Batch(("v", ArrowData.Strings(expected.Skip(first).Take(1_000).ToArray())));
                await loader.WriteAsync(batch, new RowOrigin(origin, first)).AsTask().WaitAsync(NoHang);
            }
            await loader.FlushAsync().AsTask().WaitAsync(NoHang);
            Assert.True(loader.Statements >= 3, $"{loader.Statements} statement(s): the stream should have been cut by MaxLoadDataBytes");
            Assert.Equal(expected.Count, loader.RowsInserted);
        }

        var rows = await db.RowsAsync("SELECT v FROM t ORDER BY __sync_row");
        Assert.Equal(expected.Count, rows.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var actual = rows[i][0] is DBNull ? null : (string)rows[i][0];
            Assert.True(expected[i] == actual, $"row {i}: expected {Describe(expected[i])}, got {Describe(actual)}");
        }
    }

    private static string Describe(string? value) => value is null ? "NULL" : $"{value.Length} chars starting '{value[..Math.Min(40, value.Length)]}'";

    [MariaDbFact]
    public async Task WriteAsync_ThrowsNamingColumnAndRow_AndLeavesWholeRows_WhenValueFailsMidStream()
    {
        await using var db = await WarehouseDb.CreateAsync();
        await db.ExecuteAsync(KeyedTable);
        var loader = Loader(db);
        await loader.WriteAsync(KeyedRows(0, 20_000));
        // Row 7 of the next batch is not UTF-8; rows 0..6 of that batch were formatted before it.
        var values = Enumerable.Range(20_000, 10).Select(i => Encoding.UTF8.GetBytes(ValueFor(i))).ToList();
        values[7] = [0x61, 0xff, 0x62];
        var offsets = new List<int> { 0 };
        foreach (var v in values) offsets.Add(offsets[^1] + v.Length);
        var bad = new StringArray(new ArrayData(Apache.Arrow.Types.StringType.Default, 10, 0, 0,
            [ArrowBuffer.Empty, ArrowData.Int32Buffer(offsets.ToArray()), new ArrowBuffer(values.SelectMany(v => v).ToArray())]));

        var ex = await Assert.ThrowsAsync<WarehouseDataException>(() =>
            loader.WriteAsync(ArrowData.Batch(("id", ArrowData.Ints(Enumerable.Range(20_000, 10).Select(i => (int?)i).ToArray())), ("v", bad))).AsTask().WaitAsync(NoHang));

        Assert.Equal("v", ex.Column);
        Assert.Equal(7, ex.Row);
        await loader.DisposeAsync().AsTask().WaitAsync(NoHang);
        var kept = await AssertOnlyWholeRowsAsync(db);
        Assert.InRange(kept, 0, 20_007);
        // The connection is free again: a retry on it loads everything, skipping what the failed stream left.
        await using var retry = Loader(db);
        await retry.WriteAsync(KeyedRows(0, 20_010));
        await retry.FlushAsync().AsTask().WaitAsync(NoHang);
        Assert.Equal(20_010, await AssertOnlyWholeRowsAsync(db));
        Assert.Equal(20_010 - kept, retry.RowsInserted);
    }

    [MariaDbFact]
    public async Task DisposeAsync_EndsOpenStreamWithWholeRows_WhenSourceFailsBetweenBatches()
    {
        await using var db = await WarehouseDb.CreateAsync();
        await db.ExecuteAsync(KeyedTable);
        var loader = Loader(db);
        await loader.WriteAsync(KeyedRows(0, 30_000));
        await loader.WriteAsync(KeyedRows(30_000, 123));

        // The caller's source failed here (a corrupt stripe): it disposes the loader without flushing.
        await loader.DisposeAsync().AsTask().WaitAsync(NoHang);

        var kept = await AssertOnlyWholeRowsAsync(db);
        Assert.InRange(kept, 0, 30_123);
    }

    [MariaDbFact]
    public async Task WriteAsync_ThrowsOperationCanceled_AndFreesConnection_WhenCancelledMidStream()
    {
        await using var db = await WarehouseDb.CreateAsync();
        await db.ExecuteAsync(KeyedTable);
        using var cancel = new CancellationTokenSource();
        var loader = Loader(db);
        await loader.WriteAsync(KeyedRows(0, 10_000), ct: cancel.Token);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            loader.WriteAsync(KeyedRows(10_000, 300_000), ct: cancel.Token).AsTask().WaitAsync(NoHang));

        await loader.DisposeAsync().AsTask().WaitAsync(NoHang);
        await AssertOnlyWholeRowsAsync(db);
        await using var again = Loader(db);
        await again.WriteAsync(KeyedRows(0, 10));
        await again.FlushAsync().AsTask().WaitAsync(NoHang);
        Assert.True(await db.CountAsync("t") >= 10);
    }
}
