using System.Runtime.CompilerServices;
using System.Buffers;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Sync.Orc.Encoding;
using Sync.Orc.Schema;

namespace Sync.Orc.Reading;

/// <summary>tinyint: DATA is byte RLE.</summary>
internal sealed class ByteColumnReader : ColumnReader
{
    private readonly ByteRleDecoder _data;

    public ByteColumnReader(OrcType type, StripeData stripe)
        : base(type, stripe) => _data = new ByteRleDecoder(Require(stripe, type, Proto.Stream.Types.Kind.Data, "ByteColumn"));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    protected override IArrowArray ReadValues(int length, ReadOnlySpan<byte> valid, int nullCount)
    {
        var count = length - nullCount;
        var tmp = ArrayPool<byte>.Shared.Rent(Math.Max(count, 1));
        try
        {
            _data.Next(tmp.AsSpan(0, count));
            var bytes = ArrowBuffers.Scatter(MemoryMarshal.Cast<byte, sbyte>(tmp.AsSpan(0, count)), valid, length);
            return new Int8Array(new ArrowBuffer(bytes), Buffers.Validity(valid, length, nullCount), length, nullCount, 0);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(tmp);
        }
    }
}
