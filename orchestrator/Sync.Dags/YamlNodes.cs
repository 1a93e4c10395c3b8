using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Sync.Dags;

/// <summary>Typed reads of YAML nodes that record an error naming file, line and column instead of throwing.</summary>
internal sealed partial class YamlNodes
{
    private readonly string _file;
    private readonly DagLoadOptions _options;

    public YamlNodes(string file, DagLoadOptions options)
    {
        _file = file;
        _options = options;
    }

    public List<DagImportError> Errors { get; } = [];

    public string? DagId { get; set; }

    public Func<string, bool>? IsKnownConnection => _options.IsKnownConnection;

    public void Error(YamlNode node, string message) => Errors.Add(new DagImportError
    {
        FilePath = _file,
        Line = (int)node.Start.Line,
        Column = (int)node.Start.Column,
        Message = message,
        DagId = DagId,
    });

    /// <summary>The mapping's entries by key; unknown keys and non-scalar keys are errors.</summary>
    public Dictionary<string, YamlNode> Entries(YamlMappingNode map, string what, IReadOnlyCollection<string> allowed)
    {
        var entries = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                Error(keyNode, $"{what}: keys must be plain names");
                continue;
            }
            if (!allowed.Contains(key))
            {
                Error(keyNode, $"{what}: unknown key '{key}' (allowed: {string.Join(", ", allowed)})");
                continue;
            }
            if (!entries.TryAdd(key, value)) Error(keyNode, $"{what}: key '{key}' appears twice");
        }
        return entries;
    }

    public YamlMappingNode? Mapping(YamlNode node, string what)
    {
        if (node is YamlMappingNode map) return map;
        Error(node, $"{what} must be a mapping of keys to values");
        return null;
    }

    public YamlSequenceNode? Sequence(YamlNode node, string what)
    {
        if (node is YamlSequenceNode seq) return seq;
        Error(node, $"{what} must be a list");
        return null;
    }

    /// <summary>A scalar string with <c>${NAME}</c> / <c>${NAME:-default}</c> expanded; null when absent or null.</summary>
    public string? String(YamlNode node, string what)
    {
        if (node is not YamlScalarNode scalar)
        {
            Error(node, $"{what} must be a single value");
            return null;
        }
        if (scalar.Value is null || (scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is "~" or "null" or "")) return null;
        return Expand(scalar, scalar.Value, what);
    }

    public string? RequiredString(Dictionary<string, YamlNode> entries, string key, YamlNode owner, string what)
    {
        if (!entries.TryGetValue(key, out var node))
        {
            Error(owner, $"{what}: '{key}' is required");
            return null;
        }
        var value = String(node, $"{what}.{key}");
        if (value is null or "") Error(node, $"{what}.{key} must not be empty");
        return value;
    }

    public string? OptionalString(Dictionary<string, YamlNode> entries, string key, string what) =>
        entries.TryGetValue(key, out var node) ? String(node, $"{what}.{key}") : null;

    public int? Int(Dictionary<string, YamlNode> entries, string key, string what, int min, int max)
    {
        if (!entries.TryGetValue(key, out var node)) return null;
        var text = String(node, $"{what}.{key}");
        if (text is null) return null;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            Error(node, $"{what}.{key}: '{text}' is not a whole number");
            return null;
        }
        if (value < min || value > max)
        {
            Error(node, $"{what}.{key}: {value} is out of range [{min}, {max}]");
            return null;
        }
        return value;
    }

    public bool? Bool(Dictionary<string, YamlNode> entries, string key, string what)
    {
        if (!entries.TryGetValue(key, out var node)) return null;
        var text = String(node, $"{what}.{key}");
        switch (text?.ToLowerInvariant())
        {
            case null: return null;
            case "true" or "yes" or "on": return true;
            case "false" or "no" or "off": return false;
            default:
                Error(node, $"{what}.{key}: '{text}' is not true or false");
                return null;
        }
    }

    /// <summary>A duration: "90s", "5m", "1h30m", "2d", or plain seconds.</summary>
    public TimeSpan? Duration(Dictionary<string, YamlNode> entries, string key, string what)
    {
        if (!entries.TryGetValue(key, out var node)) return null;
        var text = String(node, $"{what}.{key}");
        if (text is null) return null;
        if (TryParseDuration(text, out var value) && value >= TimeSpan.Zero) return value;
        Error(node, $"{what}.{key}: '{text}' is not a duration (e.g. 30s, 5m, 1h30m, 2d)");
        return null;
    }

    /// <summary>A byte size: "512Mi", "2Gi", "1G", "100M", or plain bytes.</summary>
    public long? Bytes(Dictionary<string, YamlNode> entries, string key, string what)
    {
        if (!entries.TryGetValue(key, out var node)) return null;
        var text = String(node, $"{what}.{key}");
        if (text is null) return null;
        if (TryParseBytes(text, out var value)) return value;
        Error(node, $"{what}.{key}: '{text}' is not a size (e.g. 512Mi, 2Gi)");
        return null;
    }

    public IReadOnlyList<string> StringList(Dictionary<string, YamlNode> entries, string key, string what)
    {
        if (!entries.TryGetValue(key, out var node)) return [];
        if (node is YamlScalarNode)
        {
            var single = String(node, $"{what}.{key}");
            return single is null ? [] : [single];
        }
        var seq = Sequence(node, $"{what}.{key}");
        if (seq is null) return [];
        var list = new List<string>();
        foreach (var item in seq.Children)
        {
            var value = String(item, $"{what}.{key}[]");
            if (value is null) Error(item, $"{what}.{key}: items must not be empty");
            else list.Add(value);
        }
        return list;
    }

    public IReadOnlyDictionary<string, string> StringMap(Dictionary<string, YamlNode> entries, string key, string what)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!entries.TryGetValue(key, out var node) || Mapping(node, $"{what}.{key}") is not { } map) return result;
        foreach (var (k, v) in map.Children)
        {
            var name = String(k, $"{what}.{key} key");
            var value = String(v, $"{what}.{key}.{name}");
            if (name is null) continue;
            result[name] = value ?? "";
        }
        return result;
    }

    private string? Expand(YamlScalarNode node, string text, string what)
    {
        if (!text.Contains("${", StringComparison.Ordinal)) return text;
        var failed = false;
        var expanded = VariablePattern().Replace(text, m =>
        {
            var name = m.Groups["name"].Value;
            var value = _options.GetVariable(name);
            if (!string.IsNullOrEmpty(value)) return value;
            if (m.Groups["default"].Success) return m.Groups["default"].Value;
            Error(node, $"{what}: variable ${{{name}}} is not set and has no default (write ${{{name}:-default}})");
            failed = true;
            return m.Value;
        });
        return failed ? null : expanded;
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(:-(?<default>[^}]*))?\}")]
    private static partial Regex VariablePattern();

    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        text = text.Trim();
        if (text.Length == 0) return false;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }
        var total = TimeSpan.Zero;
        var number = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c) || c == '.')
            {
                number.Append(c);
                continue;
            }
            if (number.Length == 0 || !double.TryParse(number.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) return false;
            number.Clear();
            total += c switch
            {
                'd' => TimeSpan.FromDays(n),
                'h' => TimeSpan.FromHours(n),
                'm' => TimeSpan.FromMinutes(n),
                's' => TimeSpan.FromSeconds(n),
                _ => TimeSpan.MinValue,
            };
            if (total < TimeSpan.Zero) return false;
        }
        if (number.Length > 0) return false;
        value = total;
        return true;
    }

    public static bool TryParseBytes(string text, out long value)
    {
        value = 0;
        var m = SizePattern().Match(text.Trim());
        if (!m.Success || !double.TryParse(m.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) return false;
        double unit = m.Groups["unit"].Value switch
        {
            "" => 1,
            "k" or "K" => 1e3,
            "M" => 1e6,
            "G" => 1e9,
            "T" => 1e12,
            "Ki" => 1024,
            "Mi" => 1024d * 1024,
            "Gi" => 1024d * 1024 * 1024,
            "Ti" => 1024d * 1024 * 1024 * 1024,
            _ => -1,
        };
        if (unit < 0) return false;
        value = (long)(n * unit);
        return value > 0;
    }

    [GeneratedRegex(@"^(?<n>[0-9]+(\.[0-9]+)?)(?<unit>[kKMGT]i?)?$")]
    private static partial Regex SizePattern();
}
