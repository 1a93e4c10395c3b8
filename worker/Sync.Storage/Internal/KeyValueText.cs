namespace Sync.Storage.Internal;

/// <summary>
/// Parses <c>key=value</c> text: one pair per line or separated by ';', '#' starts a comment line. Keys are
/// case-insensitive and '-' equals '_'. Errors name the source and line, never a value (values may be secrets).
/// </summary>
internal static class KeyValueText
{
    public static Dictionary<string, (string Value, string Where)> Parse(string text, string source)
    {
        var pairs = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            foreach (var part in line.Split(';'))
            {
                var item = part.Trim();
                if (item.Length == 0) continue;
                var where = $"{source} line {i + 1}";
                var eq = item.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) throw new ObjectStoreConfigurationException(where, "expected key=value");
                var key = NormalizeKey(item[..eq]);
                if (!pairs.TryAdd(key, (item[(eq + 1)..].Trim(), where)))
                    throw new ObjectStoreConfigurationException(where, $"'{key}' is given twice");
            }
        }
        return pairs;
    }

    public static string NormalizeKey(string key) => key.Trim().ToLowerInvariant().Replace('-', '_');
}
