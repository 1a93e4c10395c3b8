using System.Runtime.CompilerServices;
using System.Buffers;
using Apache.Arrow;
using Sync.Orc.Encoding;
using Sync.Orc.Proto;
using Sync.Orc.Schema;

namespace Sync.Orc.Reading;

/// <summary>
/// Decodes one column of one stripe into Arrow arrays, a batch of rows at a time. The base class handles
/// nulls: a row is present when the parent has it and the PRESENT stream (if any) says so; child streams
/// hold values only for those rows.
/// Decode methods here and in the decoders are marked AggressiveOptimization: a worker process typically scans
/// a file once, so under tiered compilation the hot loops would mostly run as unoptimized (tier-0/OSR) code.
/// </summary>
internal abstract class ColumnReader
{
    private readonly BooleanRleDecoder? _present;

    protected ColumnReader(OrcType type, StripeData stripe)
    {
        Type = type;
        Stripe = stripe;
        var present = stripe.Optional(type.Id, Proto.Stream.Types.Kind.Present);
        _present = present == null ? null : new BooleanRleDecoder(present);
    }

    public OrcType Type { get; }

    protected StripeData Stripe { get; }

    /// <summary>Where this reader builds its Arrow buffers.</summary>
    protected PooledArrowBuffers Buffers { get; } = new();

    /// <summary>Reads <paramref name="length"/> rows; <paramref name="parentValid"/> (0/1 per row, empty = all) says which rows exist here.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IArrowArray Read(int length, ReadOnlySpan<byte> parentValid)
    {
        if (_present == null && parentValid.IsEmpty) return ReadValues(length, [], 0);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            var valid = buffer.AsSpan(0, length);
            if (_present == null)
            {
                parentValid.CopyTo(valid);
            }
            else if (parentValid.IsEmpty)
            {
                _present.Next(valid);
            }
            else
            {
                var parentCount = length - parentValid.Count((byte)0);
                var bits = ArrayPool<byte>.Shared.Rent(Math.Max(parentCount, 1));
                try
                {
                    _present.Next(bits.AsSpan(0, parentCount));
                    var j = 0;
                    for (var i = 0; i < length; i++) valid[i] = parentValid[i] != 0 ? bits[j++] : (byte)0;
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(bits);
                }
            }
            var nullCount = valid.Count((byte)0);
            return nullCount == 0 ? ReadValues(length, [], 0) : ReadValues(length, valid, nullCount);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads values for the rows where <paramref name="valid"/> is 1 (all rows when it is empty).</summary>
    protected abstract IArrowArray ReadValues(int length, ReadOnlySpan<byte> valid, int nullCount);

    protected bool IsV2(ColumnEncoding encoding) => encoding.Kind switch
    {
        ColumnEncoding.Types.Kind.Direct or ColumnEncoding.Types.Kind.Dictionary => false,
        ColumnEncoding.Types.Kind.DirectV2 or ColumnEncoding.Types.Kind.DictionaryV2 => true,
        _ => throw Stripe.Error(Type.Id, $"unknown column encoding {(int)encoding.Kind}"),
    };

    protected bool IsDictionary(ColumnEncoding encoding) =>
        encoding.Kind is ColumnEncoding.Types.Kind.Dictionary or ColumnEncoding.Types.Kind.DictionaryV2;

    protected OrcFormatException Error(string detail) => Stripe.Error(Type.Id, detail);

    /// <summary>Reads the ORC integers of the non-null rows into a pooled array the caller returns.</summary>
    protected static long[] RentLongs(int count) => ArrayPool<long>.Shared.Rent(Math.Max(count, 1));

    protected static void Return(long[] array) => ArrayPool<long>.Shared.Return(array);

    protected static int CountNonNull(int length, int nullCount) => length - nullCount;

    protected static StreamInput Require(StripeData stripe, OrcType type, Proto.Stream.Types.Kind kind, string reader) =>
        stripe.Required(type.Id, kind, reader);
}
