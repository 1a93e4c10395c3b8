using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Apache.Arrow;
using Sync.Orc;
using Sync.Storage;

namespace Sync.FeatureSync.Tests.Support;

/// <summary>
/// Reads every file a job published (under a local root, or under an object-store prefix) back into canonical rows:
/// ORC files with the project's <see cref="OrcReader"/>, CSV files with <see cref="CsvText"/>.
/// </summary>
internal static class OfflineFiles
{
    public static List<string> List(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).ToList()
            : [];

    public static async Task<List<string>> ReadRowsAsync(string root)
    {
        var rows = new List<string>();
        foreach (var file in List(root)) rows.AddRange(await ReadFileAsync(file));
        return rows;
    }

    public static async Task<List<string>> ReadFileAsync(string file)
    {
        if (file.EndsWith(".csv", StringComparison.Ordinal)) return ReadCsv(await File.ReadAllTextAsync(file));
        if (file.EndsWith(".orc", StringComparison.Ordinal))
        {
            await using var reader = await OrcReader.OpenFileAsync(file);
            return await ReadOrcAsync(reader);
        }
        throw new InvalidOperationException($"unexpected file {file}");
    }

    /// <summary>Every object under <paramref name="prefixUri"/> in key order, downloaded and read like local files.</summary>
    public static async Task<(List<string> Rows, List<string> Keys)> ReadRowsAsync(IObjectStore store, string prefixUri)
    {
        var rows = new List<string>();
        var keys = new List<string>();
        await foreach (var item in store.ListAsync(prefixUri, CancellationToken.None))
        {
            keys.Add(item.Uri);
            var body = new MemoryStream();
            await using (var stream = await store.OpenReadAsync(item.Uri, CancellationToken.None)) await stream.CopyToAsync(body);
            body.Position = 0;
            if (item.Uri.EndsWith(".orc", StringComparison.Ordinal))
            {
                await using var reader = await OrcReader.OpenAsync(new StreamRangeSource(body, item.Uri));
                rows.AddRange(await ReadOrcAsync(reader));
            }
            else if (item.Uri.EndsWith(".csv", StringComparison.Ordinal))
            {
                rows.AddRange(ReadCsv(Encoding.UTF8.GetString(body.ToArray())));
            }
            else
            {
                throw new InvalidOperationException($"unexpected object {item.Uri}");
            }
        }
        return (rows, keys);
    }

    private static async Task<List<string>> ReadOrcAsync(OrcReader reader)
    {
        Assert.Equal("id,ts,score,label,cnt", string.Join(",", reader.ArrowSchema.FieldsList.Select(f => f.Name)));
        var rows = new List<string>();
        await foreach (var batch in reader.ReadBatchesAsync()) rows.AddRange(Canonical(batch));
        Assert.Equal(reader.NumberOfRows, rows.Count);
        return rows;
    }

    private static List<string> ReadCsv(string text)
    {
        var records = CsvText.Parse(text);
        Assert.Equal("id,ts,score,label,cnt", string.Join(",", records[0]));
        var inv = CultureInfo.InvariantCulture;
        return records.Skip(1).Select(r => OnlineTable.Canonical(
            long.Parse(r[0]!, inv),
            DateTime.ParseExact(r[1]!, "yyyy-MM-dd HH:mm:ss.ffffff", inv),
            r[2] is { } s ? double.Parse(s, inv) : null,
            r[3],
            r[4] is { } c ? int.Parse(c, inv) : null)).ToList();
    }

    /// <summary>The rows of a batch of the test table's columns (id, ts, score, label, cnt) in canonical form.</summary>
    public static List<string> Canonical(RecordBatch batch)
    {
        var id = (Int64Array)batch.Column(0);
        var ts = (TimestampArray)batch.Column(1);
        var score = (DoubleArray)batch.Column(2);
        var label = (StringArray)batch.Column(3);
        var cnt = (Int32Array)batch.Column(4);
        var rows = new List<string>(batch.Length);
        for (int i = 0; i < batch.Length; i++)
        {
            rows.Add(OnlineTable.Canonical(
                id.GetValue(i)!.Value,
                ts.GetTimestamp(i)!.Value.UtcDateTime,
                score.GetValue(i),
                label.IsNull(i) ? null : label.GetString(i),
                cnt.GetValue(i)));
        }
        return rows;
    }

    /// <summary>Count and SHA-256 of the sorted rows: equal for equal multisets.</summary>
    public static string Checksum(IEnumerable<string> rows)
    {
        var sorted = rows.Order(StringComparer.Ordinal).ToList();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", sorted)));
        return $"{sorted.Count} rows, sha256 {Convert.ToHexStringLower(hash)[..16]}";
    }

    /// <summary>Asserts offline holds exactly the online rows: same count, no duplicate, nothing missing, same checksum.</summary>
    public static void AssertExact(IReadOnlyCollection<string> online, IReadOnlyCollection<string> offline)
    {
        var duplicates = offline.GroupBy(r => r[..r.IndexOf('|', StringComparison.Ordinal)]).Where(g => g.Count() > 1).Select(g => g.Key).Take(5).ToList();
        Assert.True(duplicates.Count == 0, $"duplicated ids offline: {string.Join(", ", duplicates)}");
        var missing = online.Except(offline).Take(5).ToList();
        Assert.True(missing.Count == 0, $"{online.Except(offline).Count()} online rows missing offline, e.g. {string.Join(" ; ", missing)}");
        var extra = offline.Except(online).Take(5).ToList();
        Assert.True(extra.Count == 0, $"{offline.Except(online).Count()} offline rows not online, e.g. {string.Join(" ; ", extra)}");
        Assert.Equal(Checksum(online), Checksum(offline));
    }
}
