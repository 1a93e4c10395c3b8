using System.Text;
using System.Text.RegularExpressions;
using Sync.Tasks;

namespace Sync.Execution.Kubernetes;

/// <summary>
/// Labels and annotations on task pods. Label values are sanitized to the label rules (63 characters, alphanumerics,
/// '-', '_', '.'), so they are for people and selectors; the exact attempt key is kept in the
/// <see cref="AttemptKeyAnnotation"/> annotation, which adoption and orphan cleanup trust.
/// </summary>
public static partial class PodLabels
{
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "sync";
    public const string Instance = "sync/instance";
    public const string Dag = "sync/dag";
    public const string Run = "sync/run";
    public const string Task = "sync/task";
    public const string Attempt = "sync/attempt";
    public const string AttemptKeyAnnotation = "sync/attempt-key";

    /// <summary>Label selector matching every task pod of one executor instance.</summary>
    public static string SelectorFor(string instance) => $"{ManagedBy}={ManagedByValue},{Instance}={instance}";

    public static Dictionary<string, string> For(TaskSpec spec, string instance) => new(StringComparer.Ordinal)
    {
        [ManagedBy] = ManagedByValue,
        [Instance] = instance,
        [Dag] = Value(spec.DagId),
        [Run] = Value(spec.RunId),
        [Task] = Value(spec.TaskId),
        [Attempt] = spec.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// A valid label value for any text: invalid characters become '-', ends are trimmed to alphanumerics, and a value
    /// longer than 63 characters is cut and suffixed with a hash of the original so distinct long values stay distinct.
    /// </summary>
    public static string Value(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '_' or '.' ? c : '-');
        }
        var value = TrimToAlphanumeric(sb.ToString());
        if (value.Length > 63) value = TrimToAlphanumeric(value[..52]) + "-" + PodNames.Hash(text, 10);
        return value;
    }

    public static bool IsValidValue(string value) => value.Length == 0 || (value.Length <= 63 && LabelValue().IsMatch(value));

    public static bool IsValidKey(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0 && !PodNames.IsDnsSubdomain(key[..slash])) return false;
        var name = slash >= 0 ? key[(slash + 1)..] : key;
        return name.Length is > 0 and <= 63 && LabelValue().IsMatch(name);
    }

    private static string TrimToAlphanumeric(string value)
    {
        var start = 0;
        var end = value.Length;
        while (start < end && !char.IsAsciiLetterOrDigit(value[start])) start++;
        while (end > start && !char.IsAsciiLetterOrDigit(value[end - 1])) end--;
        return value[start..end];
    }

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
