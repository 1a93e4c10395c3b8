using System.Buffers;
using Apache.Arrow.Memory;

namespace Sync.Orc.Reading;

/// <summary>
/// Arrow buffer memory rented from a pool of arrays and returned when the record batch holding it is disposed, so the
/// next batch (of this file or the next) reuses it. Allocating fresh memory for every batch instead (Arrow's default:
/// malloc, for large buffers an mmap, a page fault and a kernel page clear per 4 KiB, then an munmap) cost a ZSTD scan
/// about a tenth of its CPU. A batch that is never disposed leaves its arrays to the garbage collector. Memory is not
/// zeroed (callers write every byte they ask for) except the padding Arrow adds to 64 bytes. Thread-safe: column
/// readers on several threads allocate, whoever disposes a batch returns.
/// </summary>
internal sealed class ArrayPoolAllocator : MemoryAllocator
{
    public static readonly ArrayPoolAllocator Instance = new();

    /// <summary>
    /// The arrays. Not <see cref="ArrayPool{T}.Shared"/>: that one also keeps an array per size per thread, and batches
    /// are decoded and disposed on changing pool threads, so it can keep several batches' worth. This pool has no
    /// per-thread part; a size class keeps at most as many arrays as were once in use together, up to
    /// <see cref="MaxArraysPerSize"/>.
    /// </summary>
    internal static readonly ArrayPool<byte> Arrays = ArrayPool<byte>.Create(1 << 30, MaxArraysPerSize);

    private const int MaxArraysPerSize = 16;
    private const int Padding = 64;

    private ArrayPoolAllocator()
        : base(Padding)
    {
    }

    protected override IMemoryOwner<byte> AllocateInternal(int length, out int bytesAllocated)
    {
        var array = Arrays.Rent(length);
        bytesAllocated = array.Length;
        // Arrow pads buffers to 64 bytes and copies only the values in; the padding must not show an earlier batch's bytes
        var tail = Math.Min(length, Padding);
        array.AsSpan(length - tail, tail).Clear();
        return new Lease(array, length);
    }

    /// <summary>What an Arrow buffer owns: the first <c>length</c> bytes of a rented array, returned on dispose.</summary>
    private sealed class Lease(byte[] array, int length) : IMemoryOwner<byte>
    {
        private byte[]? _array = array;

        public Memory<byte> Memory => _array?.AsMemory(0, length) ?? throw new ObjectDisposedException(nameof(Lease));

        public void Dispose()
        {
            var a = Interlocked.Exchange(ref _array, null);
            // the pool hands out the shared empty array for length 0, which it does not take back
            if (a is { Length: > 0 }) Arrays.Return(a);
        }
    }
}
