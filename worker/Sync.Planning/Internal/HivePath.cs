namespace Sync.Planning.Internal;

/// <summary>Reads a path below the table prefix: whether it is a data file, and its <c>key=value</c> partition folders.</summary>
internal static class HivePath
{
    /// <summary>Hive's folder value for NULL.</summary>
    public const string DefaultPartition = "__HIVE_DEFAULT_PARTITION__";

    /// <summary>Why the file at <paramref name="relativePath"/> is not data, or null when it is.</summary>
    public static SkipReason? SkipReasonFor(string relativePath, long size)
    {
        var name = relativePath[(relativePath.LastIndexOf('/') + 1)..];
        if (name == "_SUCCESS") return SkipReason.Marker;
        if (name.EndsWith(".crc", StringComparison.OrdinalIgnoreCase)) return SkipReason.Checksum;
        // Any segment: _temporary/, .hive-staging_*/, _delta folders and hidden files. Partition folders
        // (dt=__HIVE_DEFAULT_PARTITION__) start with the column name, never with '_' or '.'.
        var start = 0;
        while (start < relativePath.Length)
        {
            if (relativePath[start] is '.' or '_') return SkipReason.Hidden;
            var next = relativePath.IndexOf('/', start);
            if (next < 0) break;
            start = next + 1;
        }
        return size == 0 ? SkipReason.Empty : null;
    }

    /// <summary>
    /// The decoded <c>key=value</c> folders of <paramref name="relativePath"/> (the file name excluded), keyed
    /// case-insensitively. Hive escapes special characters as %XX in both; the default partition becomes null.
    /// </summary>
    public static Dictionary<string, string?> Partitions(string relativePath)
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var segments = relativePath.Split('/');
        for (var i = 0; i < segments.Length - 1; i++)
        {
            var segment = segments[i];
            var eq = segment.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) continue;
            var key = Unescape(segment[..eq]);
            var raw = segment[(eq + 1)..];
            // The innermost folder wins if a key repeats, as Hive's own path parsing does.
            result[key] = raw == DefaultPartition ? null : Unescape(raw);
        }
        return result;
    }

    private static string Unescape(string text) => text.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(text) : text;
}
