using System.Globalization;
using Sync.Api.Contracts;

namespace Sync.Cli;

/// <summary>How the tables print times, durations and empty cells.</summary>
public static class Formatting
{
    public const string Empty = "-";

    public static string Time(DateTimeOffset? value) =>
        value is { } time ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : Empty;

    public static string Seconds(double? value) =>
        value is { } seconds ? seconds.ToString("0.0", CultureInfo.InvariantCulture) + "s" : Empty;

    public static string Number(long? value) =>
        value is { } number ? number.ToString("N0", CultureInfo.InvariantCulture) : Empty;

    public static string RunCell(DagRunSummary? run) =>
        run is null ? Empty : $"{run.RunId} ({run.State})";
}
