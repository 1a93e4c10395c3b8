using Cronos;

namespace Sync.Dags;

/// <summary>A cron schedule in a time zone (5 fields, or 6 with seconds first).</summary>
public sealed record DagSchedule
{
    public required string Cron { get; init; }

    public required TimeZoneInfo TimeZone { get; init; }

    /// <summary>The parsed expression.</summary>
    public required CronExpression Expression { get; init; }

    /// <summary>The first tick strictly after <paramref name="after"/>, in UTC.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) =>
        Expression.GetNextOccurrence(after.UtcDateTime, TimeZone, inclusive: false) is { } next
            ? new DateTimeOffset(next, TimeSpan.Zero)
            : null;

    /// <summary>Ticks in (<paramref name="from"/>, <paramref name="to"/>], in UTC, oldest first.</summary>
    public IEnumerable<DateTimeOffset> TicksBetween(DateTimeOffset from, DateTimeOffset to) =>
        Expression.GetOccurrences(from.UtcDateTime, to.UtcDateTime, TimeZone, fromInclusive: false, toInclusive: true)
            .Select(t => new DateTimeOffset(t, TimeSpan.Zero));
}
