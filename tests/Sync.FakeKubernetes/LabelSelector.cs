namespace Sync.FakeKubernetes;

/// <summary>
/// Equality-based label and field selectors (<c>a=b,c!=d,e,!f</c>), the forms the API server accepts in
/// <c>labelSelector</c> and <c>fieldSelector</c>. Set-based forms (<c>in (...)</c>) are answered with 400.
/// </summary>
internal sealed class LabelSelector
{
    private readonly List<(string Key, string? Value, bool Negated)> _terms = [];

    private LabelSelector() { }

    public static LabelSelector Everything { get; } = new();

    public static LabelSelector Parse(string? text, string parameter)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text)) return selector;
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (raw.Contains(" in ", StringComparison.Ordinal) || raw.Contains('(', StringComparison.Ordinal))
                throw FakeApiException.BadRequest($"unable to parse requirement in {parameter} \"{text}\": set-based selectors are not supported by this server");
            if (raw.Contains("!=", StringComparison.Ordinal))
            {
                var parts = raw.Split("!=", 2);
                selector._terms.Add((parts[0].Trim(), parts[1].Trim(), true));
            }
            else if (raw.Contains('=', StringComparison.Ordinal))
            {
                var parts = raw.Split(raw.Contains("==", StringComparison.Ordinal) ? "==" : "=", 2);
                selector._terms.Add((parts[0].Trim(), parts[1].Trim(), false));
            }
            else if (raw.StartsWith('!'))
            {
                selector._terms.Add((raw[1..].Trim(), null, true));
            }
            else
            {
                selector._terms.Add((raw, null, false));
            }
        }
        return selector;
    }

    /// <summary>Every key the selector names (used to reject unsupported field selectors).</summary>
    public IEnumerable<string> Keys => _terms.Select(t => t.Key);

    public bool Matches(Func<string, string?> lookup)
    {
        foreach (var (key, value, negated) in _terms)
        {
            var actual = lookup(key);
            var match = value is null ? actual is not null : string.Equals(actual, value, StringComparison.Ordinal);
            if (match == negated) return false;
        }
        return true;
    }
}
