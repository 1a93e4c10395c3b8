using System.Buffers;

namespace Sync.Orc.Writing;

/// <summary>The distinct values of a string column in one stripe, in insertion order, with an open-addressing lookup.</summary>
internal sealed class StringDictionary : IDisposable
{
    private byte[] _bytes = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _byteLength;
    private int[] _offsets = ArrayPool<int>.Shared.Rent(1024);
    private int[] _slots = new int[1024];
    private int[] _hashes = ArrayPool<int>.Shared.Rent(1024);

    public StringDictionary() => _offsets[0] = 0;

    public int Count { get; private set; }

    /// <summary>Bytes held by the keys.</summary>
    public int ByteLength => _byteLength;

    public ReadOnlySpan<byte> this[int id] => _bytes.AsSpan(_offsets[id], _offsets[id + 1] - _offsets[id]);

    /// <summary>The id of <paramref name="key"/>, adding it when new.</summary>
    public int Add(ReadOnlySpan<byte> key)
    {
        var hash = Hash(key);
        var mask = _slots.Length - 1;
        var slot = hash & mask;
        while (true)
        {
            var entry = _slots[slot];
            if (entry == 0) break;
            var id = entry - 1;
            if (_hashes[id] == hash && this[id].SequenceEqual(key)) return id;
            slot = (slot + 1) & mask;
        }

        var newId = Count;
        EnsureKeyRoom(key.Length);
        key.CopyTo(_bytes.AsSpan(_byteLength));
        _byteLength += key.Length;
        _offsets[newId + 1] = _byteLength;
        _hashes[newId] = hash;
        _slots[slot] = newId + 1;
        Count++;
        if (Count * 2 > _slots.Length) Rehash();
        return newId;
    }

    public void Clear()
    {
        Count = 0;
        _byteLength = 0;
        if (_slots.Length > 1024) _slots = new int[1024];
        else Array.Clear(_slots);
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_bytes);
        ArrayPool<int>.Shared.Return(_offsets);
        ArrayPool<int>.Shared.Return(_hashes);
    }

    private static int Hash(ReadOnlySpan<byte> key)
    {
        var hash = new HashCode();
        hash.AddBytes(key);
        return hash.ToHashCode() & int.MaxValue;
    }

    private void EnsureKeyRoom(int length)
    {
        if (_byteLength + length > _bytes.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_bytes.Length * 2, _byteLength + length));
            _bytes.AsSpan(0, _byteLength).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = bigger;
        }
        if (Count + 2 > _offsets.Length)
        {
            var bigger = ArrayPool<int>.Shared.Rent(_offsets.Length * 2);
            _offsets.AsSpan(0, Count + 1).CopyTo(bigger);
            ArrayPool<int>.Shared.Return(_offsets);
            _offsets = bigger;
        }
        if (Count + 1 > _hashes.Length)
        {
            var bigger = ArrayPool<int>.Shared.Rent(_hashes.Length * 2);
            _hashes.AsSpan(0, Count).CopyTo(bigger);
            ArrayPool<int>.Shared.Return(_hashes);
            _hashes = bigger;
        }
    }

    private void Rehash()
    {
        var slots = new int[_slots.Length * 2];
        var mask = slots.Length - 1;
        for (var id = 0; id < Count; id++)
        {
            var slot = _hashes[id] & mask;
            while (slots[slot] != 0) slot = (slot + 1) & mask;
            slots[slot] = id + 1;
        }
        _slots = slots;
    }
}
