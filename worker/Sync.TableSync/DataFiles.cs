using Sync.Tasks;

namespace Sync.TableSync;

/// <summary>Which planned objects hold ORC data.</summary>
internal static class DataFiles
{
    /// <summary>Empty objects (directory placeholders, empty markers) have no ORC footer and hold no rows.</summary>
    public static bool IsData(BatchFile file) => file.Size > 0;

    /// <summary>Hive's hidden files (<c>_SUCCESS</c>, <c>.crc</c>, staging folders) start with '_' or '.' below the table prefix.</summary>
    public static bool IsVisible(string prefix, string uri)
    {
        var relative = uri.StartsWith(prefix, StringComparison.Ordinal) ? uri[prefix.Length..] : uri;
        return !relative.Split('/', StringSplitOptions.RemoveEmptyEntries).Any(s => s[0] is '_' or '.')
            && !uri.EndsWith(".crc", StringComparison.OrdinalIgnoreCase);
    }
}
