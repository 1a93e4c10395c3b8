using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sync.FeatureSync.Tests.Support;

/// <summary>Reads every file a job published under a local destination root back into canonical rows.</summary>
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
        throw new InvalidOperationException($"unexpected file {file}");
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
