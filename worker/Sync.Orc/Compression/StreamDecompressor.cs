using System.Buffers;
using Sync.Orc.Encoding;

namespace Sync.Orc.Compression;

/// <summary>
/// Undoes the ORC chunk framing of one stream: each chunk has a 3-byte little-endian header
/// (length &lt;&lt; 1 | isOriginal) followed by that many bytes, stored or compressed.
/// The output is one contiguous buffer rented from the array pool, sized from the chunk headers
/// (never more than one block size per chunk) before anything is allocated.
/// </summary>
internal static class StreamDecompressor
{
    /// <summary>Decodes the framed stream; the caller returns <see cref="DecodedBuffer.Array"/> to the pool.</summary>
    public static DecodedBuffer Decompress(byte[] raw, int offset, int length, BlockDecompressor codec, int blockSize, StreamContext context)
    {
        // first pass: validate headers and bound the output size
        long bound = 0;
        var pos = offset;
        var end = offset + length;
        while (pos < end)
        {
            if (end - pos < 3) throw context.Error($"compression chunk header truncated at byte {pos - offset} of {length}");
            var header = raw[pos] | (raw[pos + 1] << 8) | (raw[pos + 2] << 16);
            var chunkLength = header >> 1;
            var original = (header & 1) == 1;
            pos += 3;
            if (chunkLength > end - pos) throw context.Error($"compression chunk of {chunkLength} bytes at byte {pos - 3 - offset} passes the end of the {length}-byte stream");
            if (original)
            {
                if (chunkLength > blockSize) throw context.Error($"stored chunk of {chunkLength} bytes exceeds the compression block size {blockSize}");
                bound += chunkLength;
            }
            else
            {
                int? exact;
                try
                {
                    exact = codec.DecompressedLength(new ReadOnlySpan<byte>(raw, pos, chunkLength));
                }
                catch (InvalidDataException ex)
                {
                    throw context.Error(ex.Message, ex);
                }
                if (exact is { } e && (e < 0 || e > blockSize)) throw context.Error($"compressed chunk claims {e} bytes, more than the compression block size {blockSize}");
                bound += exact ?? codec.MaxDecompressedLength(chunkLength, blockSize);
            }
            pos += chunkLength;
        }
        if (bound > Array.MaxLength) throw context.Error($"stream would decompress to {bound} bytes, beyond what one buffer can hold");

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(bound, 1));
        var written = 0;
        try
        {
            pos = offset;
            while (pos < end)
            {
                var header = raw[pos] | (raw[pos + 1] << 8) | (raw[pos + 2] << 16);
                var chunkLength = header >> 1;
                pos += 3;
                if ((header & 1) == 1)
                {
                    Buffer.BlockCopy(raw, pos, buffer, written, chunkLength);
                    written += chunkLength;
                }
                else
                {
                    var room = (int)Math.Min(blockSize, bound - written);
                    if (room <= 0) throw context.Error("stream decompresses to more bytes than its chunk headers allow");
                    try
                    {
                        written += codec.Decompress(raw, pos, chunkLength, buffer.AsSpan(written, room));
                    }
                    catch (Exception ex) when (ex is InvalidDataException or ArgumentException or IndexOutOfRangeException or InvalidOperationException)
                    {
                        throw context.Error($"corrupt compressed chunk at byte {pos - 3 - offset}: {ex.Message}", ex);
                    }
                }
                pos += chunkLength;
            }
            return new DecodedBuffer(buffer, 0, written, Pooled: true);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
