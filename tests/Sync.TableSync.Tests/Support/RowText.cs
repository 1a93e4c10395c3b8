using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MySqlConnector;
using Xunit;

namespace Sync.TableSync.Tests.Support;

/// <summary>
/// One text form for a row of <see cref="SourceTable"/>, written from the generated values and from what MariaDB
/// returns, so rows compare exactly over every column; and a checksum over a multiset of such rows.
/// Columns: id, qty, name, amount, price, flag, day, ts, payload, dt. NULL is <c>\N</c>; strings are escaped so that
/// '|' separates columns unambiguously; doubles round-trip; binary is hex.
/// </summary>
internal static class RowText
{
    public static string Render(IReadOnlyList<object?> values)
    {
        var text = new StringBuilder();
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) text.Append('|');
            text.Append(Value(i, values[i]));
        }
        return text.ToString();
    }

    private static string Value(int column, object? value) => value switch
    {
        null or DBNull => "\\N",
        string s => Escape(s),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString("F2", CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        sbyte or byte or short when column == 5 => Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0 ? "1" : "0",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d when column == 6 => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        byte[] b => "0x" + Convert.ToHexString(b),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"no text form for {value.GetType()} in column {column}"),
    };

    private static string Escape(string s) =>
        s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);

    /// <summary>Every row of <paramref name="table"/> (columns <see cref="SourceTable.SelectList"/>), rendered.</summary>
    public static async Task<List<string>> ReadAsync(string connectionString, string table)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand($"SELECT {SourceTable.SelectList} FROM `{table}`", connection) { CommandTimeout = 600 };
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        var values = new object?[reader.FieldCount];
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < values.Length; i++) values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(Render(values));
        }
        return rows;
    }

    /// <summary>SHA-256 over the sorted rows: equal for equal multisets of rows, whatever order the server returns.</summary>
    public static string Checksum(IEnumerable<string> rows)
    {
        var sorted = rows.ToList();
        sorted.Sort(StringComparer.Ordinal);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var row in sorted)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(row));
            hash.AppendData("\n"u8);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Asserts the same multiset of rows; on a difference names counts and the first rows missing and extra.</summary>
    public static void AssertSameRows(IEnumerable<string> expected, IReadOnlyCollection<string> actual, string what)
    {
        var expectedList = expected.ToList();
        var expectedSum = Checksum(expectedList);
        var actualSum = Checksum(actual);
        if (expectedList.Count == actual.Count && expectedSum == actualSum) return;
        var missing = expectedList.GroupBy(r => r).Select(g => (g.Key, g.Count()))
            .Except(actual.GroupBy(r => r).Select(g => (g.Key, g.Count()))).Take(3).Select(r => $"{r.Item2}× {r.Key}");
        var extra = actual.GroupBy(r => r).Select(g => (g.Key, g.Count()))
            .Except(expectedList.GroupBy(r => r).Select(g => (g.Key, g.Count()))).Take(3).Select(r => $"{r.Item2}× {r.Key}");
        Assert.Fail($"{what}: expected {expectedList.Count} rows (checksum {expectedSum}), found {actual.Count} (checksum {actualSum}).\n" +
            $"expected but not found (first 3): {string.Join("\n  ", missing)}\nfound but not expected (first 3): {string.Join("\n  ", extra)}");
    }
}
