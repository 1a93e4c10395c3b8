using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using Apache.Arrow.Memory;

namespace Sync.Orc.Reading;

/// <summary>
/// The native memory behind the Arrow buffers one reader hands out. When a record batch is disposed its blocks come
/// back here and the next batch reuses them, instead of every batch taking fresh pages from malloc (for large buffers
/// an mmap, a page fault and a kernel page clear per 4 KiB, then an munmap), which cost a ZSTD scan about a tenth of
/// its CPU. Blocks are powers of two from 4 KiB; at most <see cref="MaxRetainedBytes"/> wait for reuse, the rest are
/// freed at once, so memory stays bounded by about a batch of the selected columns. Memory is not zeroed (every
/// caller writes the bytes it asks for) except the padding Arrow adds to 64 bytes. Thread-safe: column readers on
/// several threads allocate, and whoever disposes a batch returns.
/// </summary>
internal sealed class PooledNativeAllocator : MemoryAllocator, IDisposable
{
    /// <summary>Most bytes of free blocks kept for reuse.</summary>
    public const long MaxRetainedBytes = 32L * 1024 * 1024;

    private const int MinBlockShift = 12;
    private const int MaxBlockShift = 26;
    private const int Padding = 64;

    private readonly Stack<Block>[] _free = new Stack<Block>[MaxBlockShift - MinBlockShift + 1];
    private long _retained;
    private bool _disposed;

    public PooledNativeAllocator()
        : base(Padding)
    {
        for (var i = 0; i < _free.Length; i++) _free[i] = new Stack<Block>();
    }

    /// <summary>Bytes of free blocks now waiting for reuse.</summary>
    public long RetainedBytes
    {
        get
        {
            lock (_free) return _retained;
        }
    }

    /// <summary>Frees the waiting blocks; blocks still in use are freed when their batches are disposed.</summary>
    public void Dispose()
    {
        lock (_free)
        {
            _disposed = true;
            foreach (var stack in _free)
            {
                while (stack.Count > 0) stack.Pop().Free();
            }
            _retained = 0;
        }
    }

    protected override IMemoryOwner<byte> AllocateInternal(int length, out int bytesAllocated)
    {
        var shift = Math.Max(MinBlockShift, 64 - BitOperations.LeadingZeroCount((ulong)Math.Max(length - 1, 1)));
        Block? block = null;
        if (shift <= MaxBlockShift)
        {
            lock (_free)
            {
                var stack = _free[shift - MinBlockShift];
                if (stack.Count > 0)
                {
                    block = stack.Pop();
                    _retained -= block.Capacity;
                }
            }
        }
        block ??= new Block(shift <= MaxBlockShift ? 1 << shift : length);
        bytesAllocated = block.Capacity;
        // Arrow pads buffers to 64 bytes and copies only the values in; the padding must not show an earlier batch's bytes
        var tail = Math.Min(length, Padding);
        block.Span.Slice(length - tail, tail).Clear();
        return new Lease(this, block, length);
    }

    private void Return(Block block)
    {
        var shift = BitOperations.Log2((uint)block.Capacity);
        lock (_free)
        {
            if (!_disposed && block.Capacity == 1 << shift && shift is >= MinBlockShift and <= MaxBlockShift && _retained + block.Capacity <= MaxRetainedBytes)
            {
                _free[shift - MinBlockShift].Push(block);
                _retained += block.Capacity;
                return;
            }
        }
        block.Free();
    }

    /// <summary>One native allocation, 64-byte aligned; freed by <see cref="Free"/> or, if lost, by the finalizer.</summary>
    private sealed unsafe class Block : MemoryManager<byte>
    {
        private void* _pointer;

        public Block(int capacity)
        {
            Capacity = capacity;
            _pointer = NativeMemory.AlignedAlloc((nuint)capacity, Padding);
        }

        // the same contract as Arrow's own native allocator: a lost block (a batch never disposed) is freed by the
        // finalizer, so spans over it are valid only while its Arrow buffer is reachable
#pragma warning disable CA2015
        ~Block() => Free();
#pragma warning restore CA2015

        public int Capacity { get; }

        public Span<byte> Span => new(_pointer, Capacity);

        public void Free()
        {
            if (_pointer == null) return;
            NativeMemory.AlignedFree(_pointer);
            _pointer = null;
            GC.SuppressFinalize(this);
        }

        public override Span<byte> GetSpan() => Span;

        public override MemoryHandle Pin(int elementIndex = 0) => new((byte*)_pointer + elementIndex);

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing) => Free();
    }

    /// <summary>What an Arrow buffer owns: the first <c>length</c> bytes of a block, which go back to the pool on dispose.</summary>
    private sealed class Lease(PooledNativeAllocator pool, Block block, int length) : IMemoryOwner<byte>
    {
        private Block? _block = block;

        public Memory<byte> Memory => _block?.Memory[..length] ?? throw new ObjectDisposedException(nameof(Lease));

        public void Dispose()
        {
            var b = Interlocked.Exchange(ref _block, null);
            if (b != null) pool.Return(b);
        }
    }
}
