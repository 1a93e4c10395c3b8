using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Sync.Orc.Encoding;

namespace Sync.Orc.Reading;

/// <summary>Turns a LENGTH stream (lists, maps) into Arrow offsets for one batch.</summary>
internal sealed class LengthsReader(IIntegerDecoder lengths, StreamContext context, long maxValues)
{
    /// <summary>Returns the offsets buffer (length + 1 int32) and the total child count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (byte[] Offsets, int Total) Read(int length, ReadOnlySpan<byte> valid, int nullCount)
    {
        var count = length - nullCount;
        var values = System.Buffers.ArrayPool<long>.Shared.Rent(Math.Max(count, 1));
        try
        {
            var lens = values.AsSpan(0, count);
            lengths.Next(lens);
            var offsetBytes = new byte[(length + 1) * 4];
            var offsets = MemoryMarshal.Cast<byte, int>(offsetBytes.AsSpan());
            long total = 0;
            var j = 0;
            for (var i = 0; i < length; i++)
            {
                offsets[i] = (int)total;
                if (!valid.IsEmpty && valid[i] == 0) continue;
                var len = lens[j++];
                if (len < 0 || len > int.MaxValue) throw context.Error($"length {len} at row {i} is out of range");
                total += len;
                // child values need bytes in some stream; far more than the stripe's bytes can hold is corruption
                if (total > maxValues || total > int.MaxValue / 16) throw context.Error($"batch of {length} rows claims {total} child values");
            }
            offsets[length] = (int)total;
            return (offsetBytes, (int)total);
        }
        finally
        {
            System.Buffers.ArrayPool<long>.Shared.Return(values);
        }
    }
}
