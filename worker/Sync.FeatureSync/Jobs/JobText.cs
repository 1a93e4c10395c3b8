using System.Globalization;

namespace Sync.FeatureSync.Jobs;

/// <summary>The text forms of modes, formats, durations and sizes used by the CLI, YAML and status output.</summary>
public static class JobText
{
    public static string ModeName(SyncMode mode) => mode switch
    {
        SyncMode.Full => "full",
        SyncMode.Incremental => "incremental",
        SyncMode.FullAndIncremental => "full-and-incremental",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown sync mode"),
    };

    public static SyncMode ParseMode(string text) => text.Trim().ToLowerInvariant() switch
    {
        "full" => SyncMode.Full,
        "incremental" => SyncMode.Incremental,
        "full-and-incremental" or "full_and_incremental" => SyncMode.FullAndIncremental,
        _ => throw new FormatException($"unknown mode '{text}': expected full, incremental or full-and-incremental"),
    };

    public static string FormatName(OutputFormat format) => format switch
    {
        OutputFormat.Orc => "orc",
        OutputFormat.Csv => "csv",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown output format"),
    };

    public static OutputFormat ParseFormat(string text) => text.Trim().ToLowerInvariant() switch
    {
        "orc" => OutputFormat.Orc,
        "csv" => OutputFormat.Csv,
        _ => throw new FormatException($"unknown format '{text}': expected orc or csv"),
    };

    /// <summary>Parses <c>250ms</c>, <c>5s</c>, <c>10m</c>, <c>1h</c>, or a TimeSpan (<c>00:00:05</c>).</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var t = text.Trim();
        (string suffix, double scaleMs)[] units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];
        foreach (var (suffix, scale) in units)
        {
            if (t.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(t[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0)
                return TimeSpan.FromMilliseconds(v * scale);
        }
        if (TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero) return span;
        throw new FormatException($"bad duration '{text}': expected e.g. 500ms, 5s, 10m, 1h");
    }

    public static string FormatDuration(TimeSpan span) =>
        span.TotalMilliseconds < 1000 ? $"{span.TotalMilliseconds:0}ms"
        : span.TotalSeconds < 120 ? $"{span.TotalSeconds:0.###}s".Replace(',', '.')
        : span.TotalMinutes < 120 ? $"{span.TotalMinutes:0.##}m".Replace(',', '.')
        : $"{span.TotalHours:0.##}h".Replace(',', '.');

    /// <summary>Parses <c>1048576</c>, <c>64KB</c>, <c>128MB</c>, <c>1GB</c> (binary multiples).</summary>
    public static long ParseSize(string text)
    {
        var t = text.Trim().ToUpperInvariant();
        (string suffix, long scale)[] units = [("KB", 1L << 10), ("MB", 1L << 20), ("GB", 1L << 30), ("B", 1)];
        foreach (var (suffix, scale) in units)
        {
            if (t.EndsWith(suffix, StringComparison.Ordinal)
                && long.TryParse(t[..^suffix.Length].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                return checked(v * scale);
        }
        if (long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)) return bytes;
        throw new FormatException($"bad size '{text}': expected e.g. 64MB, 1GB or a number of bytes");
    }

    /// <summary>Parses a timestamp as wall-clock time (no time zone), e.g. <c>2026-11-23T10:00:00</c> or <c>2026-11-23 10:00:00.5</c>.</summary>
    public static DateTime ParseTimestamp(string text)
    {
        string[] formats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd"];
        if (DateTime.TryParseExact(text.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var ts))
            return DateTime.SpecifyKind(ts, DateTimeKind.Unspecified);
        throw new FormatException($"bad timestamp '{text}': expected yyyy-MM-ddTHH:mm:ss[.ffffff] (wall-clock time of the source column)");
    }

    public static string FormatTimestamp(DateTime ts) => ts.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
}
