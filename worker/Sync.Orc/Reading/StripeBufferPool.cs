namespace Sync.Orc.Reading;

/// <summary>
/// The buffer for a stripe's raw streams fetched whole from a range source (tens of MB), reused stripe after stripe.
/// <para>
/// Why not <c>ArrayPool&lt;byte&gt;.Shared</c>: it keeps a returned array in the returning thread's local slot, and
/// async reads resume on whichever pool thread is free, so the next stripe is often rented on another thread, misses,
/// and allocates afresh; every thread that ever returned one keeps a stripe-sized array (seen in a batch worker
/// loading a 1 GB file: the heap grew by a stripe-sized array at stripes 2 and 16, to three 64 MiB arrays).
/// </para>
/// <para>
/// Here one array is kept, handed to any thread asking for no more than its length. New arrays get 1/8 headroom (in
/// whole MiB) so stripes of about the same size share one; a larger one replaces the kept one when returned. Readers
/// loading stripes at the same time each get their own array beyond the first, left to the collector afterwards.
/// </para>
/// </summary>
internal static class StripeBufferPool
{
    private const int Granularity = 1024 * 1024;

    private static byte[]? _kept;

    /// <summary>An array of at least <paramref name="length"/> bytes (contents undefined).</summary>
    public static byte[] Rent(int length)
    {
        // A kept array too small is dropped here rather than kept beside the new one: the new one replaces it on return.
        var kept = Interlocked.Exchange(ref _kept, null);
        if (kept != null && kept.Length >= length) return kept;
        var sized = Math.Min(Array.MaxLength, ((long)length + (length / 8) + Granularity - 1) / Granularity * Granularity);
        return GC.AllocateUninitializedArray<byte>((int)Math.Max(sized, length));
    }

    /// <summary>Takes an array back, keeping it when it is the largest seen lately; the other is left to the collector.</summary>
    public static void Return(byte[] array)
    {
        ArgumentNullException.ThrowIfNull(array);
        while (true)
        {
            var kept = Volatile.Read(ref _kept);
            if (kept != null && kept.Length >= array.Length) return;
            if (Interlocked.CompareExchange(ref _kept, array, kept) == kept) return;
        }
    }
}
