using System.Text.Json.Serialization;

namespace Sync.FeatureSync.Jobs;

/// <summary>
/// A place in a source table's (timestamp, key) order: the last row copied. Text form <c>TS/KEY</c>, e.g.
/// <c>2026-11-23T10:00:00.123456/42</c> (everything after the first '/' is the key).
/// </summary>
[JsonConverter(typeof(SyncPositionJsonConverter))]
public readonly record struct SyncPosition(DateTime Timestamp, string Key)
{
    public override string ToString() => $"{JobText.FormatTimestamp(Timestamp)}/{Key}";

    public static SyncPosition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0) throw new FormatException($"bad position '{text}': expected TIMESTAMP/KEY, e.g. 2026-11-23T10:00:00.000000/42");
        return new SyncPosition(JobText.ParseTimestamp(text[..slash]), text[(slash + 1)..]);
    }
}
