using System.Buffers;

namespace Sync.FeatureSync.Source;

/// <summary>
/// The pooled arrays under one page's Arrow batch, given back to the pool (<see cref="Dispose"/>) by whoever is done
/// with the batch: the spool file once the batch is written. A page never given back leaves its arrays to the garbage
/// collector. Nothing may read the batch after it is given back: its buffers then belong to later pages.
/// </summary>
/// <remarks>
/// Not <see cref="ArrayPool{T}.Shared"/>: that one also keeps an array per size per thread, and pages are filled and
/// written on changing pool threads, so it can keep several pages' worth. This pool has no per-thread part; a size
/// class keeps at most as many arrays as were once in use together (a few pages: read, queued, encoding).
/// </remarks>
internal sealed class PageMemory : IDisposable
{
    private static readonly ArrayPool<byte> Arrays = ArrayPool<byte>.Create(1 << 30, 32);

    private List<byte[]>? _arrays = [];

    /// <summary>An array of at least <paramref name="minimumLength"/> bytes, not cleared.</summary>
    public static byte[] Rent(int minimumLength) => Arrays.Rent(minimumLength);

    /// <summary>Gives back an array no batch uses.</summary>
    public static void Return(byte[] array)
    {
        // the pool hands out the shared empty array for length 0, which it does not take back
        if (array.Length > 0) Arrays.Return(array);
    }

    /// <summary>An array the page's batch now uses.</summary>
    public void Add(byte[] array)
    {
        ObjectDisposedException.ThrowIf(_arrays is null, this);
        _arrays.Add(array);
    }

    public void Dispose()
    {
        var arrays = Interlocked.Exchange(ref _arrays, null);
        if (arrays is null) return;
        foreach (var array in arrays) Return(array);
    }
}
