using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Sync.Tasks;

namespace Sync.Execution.Kubernetes;

/// <summary>
/// Deterministic pod names: <c>sync-&lt;dag&gt;-&lt;task&gt;-&lt;attempt&gt;-&lt;hash&gt;</c>, at most 63 characters,
/// where the hash is of the whole attempt key. The same attempt always gets the same name, so a relaunch after an
/// orchestrator restart is answered 409 AlreadyExists and adopts the running pod instead of starting a second one.
/// </summary>
public static partial class PodNames
{
    public const int MaxLength = 63;
    private const string Prefix = "sync-";
    private const int HashLength = 10;

    public static string ForAttempt(TaskSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var key = AttemptKey(spec);
        var budget = MaxLength - Prefix.Length - 1 - HashLength; // readable part
        var taskPart = Truncate(Slug(spec.TaskId), 24) + "-" + spec.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var dagRoom = budget - taskPart.Length - 1;
        var dagPart = dagRoom > 0 ? Truncate(Slug(spec.DagId), dagRoom) : "";
        var readable = dagPart.Length > 0 ? dagPart + "-" + taskPart : taskPart;
        return Prefix + readable.Trim('-') + "-" + Hash(key, HashLength);
    }

    /// <summary>The attempt key as <see cref="TaskLaunch.AttemptKey"/> forms it.</summary>
    public static string AttemptKey(TaskSpec spec) => TaskLaunch.KeyOf(spec.DagId, spec.RunId, spec.TaskId, spec.Attempt);

    /// <summary>Lowercase hex of SHA-256, first <paramref name="length"/> characters.</summary>
    public static string Hash(string text, int length) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..length];

    public static bool IsDnsLabel(string? name) => name is { Length: > 0 and <= 63 } && DnsLabel().IsMatch(name);

    public static bool IsDnsSubdomain(string? name) => name is { Length: > 0 and <= 253 } && DnsSubdomain().IsMatch(name);

    /// <summary>Lowercase letters and digits, other characters as single dashes, no dash at either end.</summary>
    internal static string Slug(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        return sb.ToString().Trim('-');
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length].TrimEnd('-');

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}
