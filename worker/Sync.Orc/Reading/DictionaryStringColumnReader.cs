using System.Runtime.CompilerServices;
using System.Buffers;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Sync.Orc.Encoding;
using Sync.Orc.Schema;

namespace Sync.Orc.Reading;

/// <summary>
/// Dictionary strings: DICTIONARY_DATA holds the distinct values back to back, LENGTH their lengths,
/// DATA one index per non-null row. The dictionary is checked whole before any row uses it.
/// </summary>
internal sealed class DictionaryStringColumnReader : ColumnReader
{
    private readonly byte[] _blob;
    private readonly int _blobOffset;
    private readonly int[] _entryOffsets;
    private readonly IIntegerDecoder _indexes;
    private readonly StreamContext _dataContext;

    public DictionaryStringColumnReader(OrcType type, StripeData stripe)
        : base(type, stripe)
    {
        const string reader = "StringDictionaryColumn";
        var encoding = stripe.Encoding(type.Id);
        var v2 = IsV2(encoding);
        var size = encoding.DictionarySize;
        var data = Require(stripe, type, Proto.Stream.Types.Kind.Data, reader);
        // an empty dictionary (every value null) may come without its streams
        var blob = size == 0
            ? stripe.Optional(type.Id, Proto.Stream.Types.Kind.DictionaryData) ?? StreamInput.Empty(stripe.Context(type.Id, Proto.Stream.Types.Kind.DictionaryData))
            : Require(stripe, type, Proto.Stream.Types.Kind.DictionaryData, reader);
        var lengthStream = size == 0
            ? stripe.Optional(type.Id, Proto.Stream.Types.Kind.Length) ?? StreamInput.Empty(stripe.Context(type.Id, Proto.Stream.Types.Kind.Length))
            : Require(stripe, type, Proto.Stream.Types.Kind.Length, reader);
        // RLE packs at most 128 lengths per byte; a larger size is a lie, caught before allocating
        if (size > ((long)lengthStream.Remaining * 256) + 1024) throw lengthStream.Context.Error($"dictionary size {size} is impossible for a {lengthStream.Remaining}-byte LENGTH stream");
        _entryOffsets = new int[size + 1];
        var lengths = new long[Math.Min(size, 4096)];
        var lengthDecoder = IntegerDecoders.Create(lengthStream, signed: false, v2);
        long total = 0;
        var done = 0;
        while (done < size)
        {
            var n = (int)Math.Min(lengths.Length, size - done);
            lengthDecoder.Next(lengths.AsSpan(0, n));
            for (var k = 0; k < n; k++)
            {
                var len = lengths[k];
                if (len < 0) throw lengthStream.Context.Error($"Negative dictionary entry length for column {type.Id}");
                total += len;
                if (total > blob.Remaining) throw blob.Context.Error($"dictionary entries need {total} bytes but DICTIONARY_DATA has {blob.Remaining}");
                _entryOffsets[done + k + 1] = (int)total;
            }
            done += n;
        }
        // the dictionary is needed whole for the stripe: copied out of the (chunked) stream once
        _blob = new byte[total];
        blob.ReadExactly(_blob);
        _blobOffset = 0;
        _indexes = IntegerDecoders.Create(data, signed: false, v2);
        _dataContext = data.Context;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    protected override IArrowArray ReadValues(int length, ReadOnlySpan<byte> valid, int nullCount)
    {
        var count = length - nullCount;
        var indexes = RentLongs(count);
        try
        {
            var idx = indexes.AsSpan(0, count);
            _indexes.Next(idx);
            var size = _entryOffsets.Length - 1;
            long total = 0;
            for (var k = 0; k < idx.Length; k++)
            {
                var e = idx[k];
                if ((ulong)e >= (ulong)size) throw _dataContext.Error($"dictionary index {e} out of range (dictionary has {size} entries)");
                total += _entryOffsets[e + 1] - _entryOffsets[e];
            }
            if (total > System.Array.MaxLength) throw _dataContext.Error($"batch of {length} rows expands to {total} bytes");
            var validity = Buffers.Validity(valid, length, nullCount);
            var offsetBytes = ArrayPool<byte>.Shared.Rent((length + 1) * 4);
            var offsets = MemoryMarshal.Cast<byte, int>(offsetBytes.AsSpan(0, (length + 1) * 4));
            var data = Buffers.Start((int)total, zero: false);
            var pos = 0;
            var j = 0;
            var blob = _blob.AsSpan(_blobOffset);
            for (var i = 0; i < length; i++)
            {
                offsets[i] = pos;
                if (!valid.IsEmpty && valid[i] == 0) continue;
                var e = (int)idx[j++];
                var start = _entryOffsets[e];
                var len = _entryOffsets[e + 1] - start;
                blob.Slice(start, len).CopyTo(data.Slice(pos, len));
                pos += len;
            }
            offsets[length] = pos;
            var dataBuffer = Buffers.Build();
            MemoryMarshal.AsBytes(offsets).CopyTo(Buffers.Start(offsets.Length * 4, zero: false));
            ArrayPool<byte>.Shared.Return(offsetBytes);
            return StringColumnReaders.Build(Type, length, Buffers.Build(), dataBuffer, validity, nullCount);
        }
        finally
        {
            Return(indexes);
        }
    }
}
