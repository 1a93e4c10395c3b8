using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Sync.FeatureSync.Jobs;

namespace Sync.FeatureSync.Output;

/// <summary>
/// Names an output file from what it holds, so the same range always gets the same name:
/// <c>TABLE/dt=YYYY-MM-DD/part-PPP-FROMTS_FROMKEY-TOTS_TOKEY.EXT</c>, timestamps as <c>yyyyMMddTHHmmssffffff</c>,
/// keys as they are when short and plain (letters and digits, up to 32), else <c>h</c> + 16 hex digits of their SHA-256.
/// </summary>
internal static partial class FileNaming
{
    public static string RelativePath(string offlineTable, int partition, DateOnly day, SyncPosition first, SyncPosition last, OutputFormat format) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{offlineTable}/dt={day:yyyy-MM-dd}/part-{partition:D3}-{Ts(first.Timestamp)}_{Key(first.Key)}-{Ts(last.Timestamp)}_{Key(last.Key)}.{Extension(format)}");

    public static string Extension(OutputFormat format) => JobText.FormatName(format);

    private static string Ts(DateTime ts) => ts.ToString("yyyyMMdd'T'HHmmssffffff", CultureInfo.InvariantCulture);

    private static string Key(string key)
    {
        if (PlainKey().IsMatch(key)) return key;
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return "h" + Convert.ToHexStringLower(hash[..8]);
    }

    [GeneratedRegex("^[A-Za-z0-9]{1,32}$")]
    private static partial Regex PlainKey();
}
