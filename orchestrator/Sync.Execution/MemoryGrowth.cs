namespace Sync.Execution;

/// <summary>How much memory the next attempt gets after one was killed for exceeding its limit.</summary>
public static class MemoryGrowth
{
    /// <summary>
    /// Memory for the next attempt after an OOMKilled one: request and limit multiplied by <paramref name="factor"/>
    /// (at least one byte more), never above <paramref name="capBytes"/>. At the cap the spec comes back unchanged,
    /// which tells the caller that more memory cannot be had. Pass the resources the attempt ran with
    /// (<see cref="TaskOutcome.Resources"/>), not the ones it asked for.
    /// </summary>
    public static ResourceSpec AfterOom(ResourceSpec resources, double factor, long capBytes)
    {
        ArgumentNullException.ThrowIfNull(resources);
        if (!double.IsFinite(factor) || factor <= 1.0) throw new ArgumentOutOfRangeException(nameof(factor), factor, "must be a finite number above 1");
        if (capBytes <= 0) throw new ArgumentOutOfRangeException(nameof(capBytes), capBytes, "must be positive");
        var baseline = resources.MemoryRequestBytes ?? resources.MemoryLimitBytes
            ?? throw new ArgumentException("the resources name no memory to grow from (request and limit are both unset)", nameof(resources));
        var request = Grow(baseline, factor, capBytes);
        long? limit = resources.MemoryLimitBytes is { } l ? Math.Max(Grow(l, factor, capBytes), request) : null;
        if (limit is { } lim && request > lim) request = lim;
        return resources with { MemoryRequestBytes = request, MemoryLimitBytes = limit };
    }

    private static long Grow(long bytes, double factor, long cap)
    {
        var grown = bytes * factor;
        if (grown >= cap) return cap;
        return Math.Min(cap, Math.Max(bytes + 1, (long)Math.Ceiling(grown)));
    }
}
