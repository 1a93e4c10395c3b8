using MySqlConnector;
using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.Source;
using Sync.FeatureSync.Tests.Support;
using Sync.Testing;

namespace Sync.FeatureSync.Tests.Source;

/// <summary>The column arrays a page is assembled in hold every value as read, past their first size and with nulls anywhere.</summary>
public sealed class PageBuilderTests
{
    /// <summary>Row sets by name: the SQL condition and the same condition on ids.</summary>
    private static readonly Dictionary<string, (string Sql, Func<long, bool> Keep)> Rows = new()
    {
        ["all"] = ("1 = 1", _ => true),
        ["labels all NULL"] = ("id % 8 = 0", id => id % 8 == 0), // a text column without a byte of text
        ["scores all NULL"] = ("id % 35 = 0", id => id % 35 == 0),
        ["first NULL count after 80 rows"] = ("id % 5 <> 0 OR id > 100", id => id % 5 != 0 || id > 100),
    };

    [MariaDbTheory]
    [InlineData("all", 1)]
    [InlineData("all", 5_000)]
    [InlineData("labels all NULL", 1)]
    [InlineData("scores all NULL", 1)]
    [InlineData("first NULL count after 80 rows", 1)]
    public async Task Build_HoldsEveryValueAsRead_WhenArraysGrowAndValuesAreNull(string rows, int capacity)
    {
        var (where, keep) = Rows[rows];
        var bed = await SyncTestBed.CreateAsync();
        await bed.Table.InsertHistoryAsync(3_000, DateTime.Now.AddDays(-1), TimeSpan.FromSeconds(3));
        var job = bed.Job(SyncMode.Full);
        await using var conn = new MySqlConnection(bed.Table.ConnectionString);
        await conn.OpenAsync();
        var schema = await SourceSchema.LoadAsync(conn, job, CancellationToken.None);

        var page = new PageBuilder(schema, capacity);
        await using (var cmd = new MySqlCommand($"SELECT id, ts, score, label, cnt FROM `{bed.Table.Name}` WHERE {where} ORDER BY id", conn))
        {
            await cmd.PrepareAsync();
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) page.Add(r, r.GetDateTime(1), r.GetInt64(0));
        }
        var built = page.Build(default, default, default, false, false);

        var expected = (await bed.Table.SnapshotAsync()).Select(row => (Row: row, Id: long.Parse(row.Split('|')[0], System.Globalization.CultureInfo.InvariantCulture)))
            .Where(row => keep(row.Id))
            .OrderBy(row => row.Id).Select(row => row.Row).ToList();
        Assert.True(expected.Count > 50);
        Assert.Equal(expected.Count, built.Rows);
        Assert.Equal(expected, OfflineFiles.Canonical(built.Batch!));
    }
}
