namespace Sync.Orc.Compression;

/// <summary>
/// LZO1X block decompression, every read and write bounds-checked. No LZO library is available, and
/// the format is small: literal runs and back-references whose lengths and distances are packed into
/// the instruction byte (M1..M4 matches), the two low bits of a match giving 0..3 trailing literals.
/// </summary>
internal sealed class LzoBlockDecompressor : BlockDecompressor
{
    // long LZO runs spend one zero byte per 255 bytes of length
    public override long MaxDecompressedLength(int compressedLength, int blockSize) => Math.Min(blockSize, (compressedLength * 256L) + 64);

    public override int Decompress(byte[] source, int offset, int count, Span<byte> destination) =>
        DecompressBlock(new ReadOnlySpan<byte>(source, offset, count), destination);

    public static int DecompressBlock(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var ip = 0;
        var op = 0;
        int t;
        int matchPos;

        t = Byte(input, ip);
        if (t > 17)
        {
            ip++;
            t -= 17;
            if (t < 4) goto MatchNext;
            CopyLiterals(input, ref ip, output, ref op, t);
            goto FirstLiteralRun;
        }

    Loop:
        t = Byte(input, ip++);
        if (t >= 16) goto Match;
        if (t == 0) t = 15 + ReadLength(input, ref ip);
        CopyLiterals(input, ref ip, output, ref op, t + 3);

    FirstLiteralRun:
        t = Byte(input, ip++);
        if (t >= 16) goto Match;
        matchPos = op - (1 + 0x0800) - (t >> 2) - (Byte(input, ip++) << 2);
        CopyMatch(output, ref op, matchPos, 3);
        goto MatchDone;

    Match:
        if (t >= 64)
        {
            matchPos = op - 1 - ((t >> 2) & 7) - (Byte(input, ip++) << 3);
            t = (t >> 5) - 1;
        }
        else if (t >= 32)
        {
            t &= 31;
            if (t == 0) t = 31 + ReadLength(input, ref ip);
            matchPos = op - 1 - ((Byte(input, ip) >> 2) + (Byte(input, ip + 1) << 6));
            ip += 2;
        }
        else if (t >= 16)
        {
            matchPos = op - ((t & 8) << 11);
            t &= 7;
            if (t == 0) t = 7 + ReadLength(input, ref ip);
            matchPos -= (Byte(input, ip) >> 2) + (Byte(input, ip + 1) << 6);
            ip += 2;
            if (matchPos == op) goto End;
            matchPos -= 0x4000;
        }
        else
        {
            matchPos = op - 1 - (t >> 2) - (Byte(input, ip++) << 2);
            CopyMatch(output, ref op, matchPos, 2);
            goto MatchDone;
        }
        CopyMatch(output, ref op, matchPos, t + 2);

    MatchDone:
        t = Byte(input, ip - 2) & 3;
        if (t == 0) goto Loop;

    MatchNext:
        CopyLiterals(input, ref ip, output, ref op, t);
        t = Byte(input, ip++);
        goto Match;

    End:
        if (ip != input.Length) throw new InvalidDataException($"LZO block has {input.Length - ip} bytes after its end marker");
        return op;
    }

    private static int Byte(ReadOnlySpan<byte> input, int index)
    {
        if ((uint)index >= (uint)input.Length) throw new InvalidDataException("LZO block is truncated");
        return input[index];
    }

    /// <summary>A zero length byte means "add 255 and keep reading"; the final byte adds its value.</summary>
    private static int ReadLength(ReadOnlySpan<byte> input, ref int ip)
    {
        var length = 0;
        while (Byte(input, ip) == 0)
        {
            length += 255;
            ip++;
            if (length > 1 << 30) throw new InvalidDataException("LZO run length is implausibly long");
        }
        return length + input[ip++];
    }

    private static void CopyLiterals(ReadOnlySpan<byte> input, ref int ip, Span<byte> output, ref int op, int count)
    {
        if (count > input.Length - ip) throw new InvalidDataException("LZO literal run passes the end of the block");
        if (count > output.Length - op) throw new InvalidDataException($"LZO block decompresses to more than {output.Length} bytes");
        input.Slice(ip, count).CopyTo(output[op..]);
        ip += count;
        op += count;
    }

    private static void CopyMatch(Span<byte> output, ref int op, int matchPos, int count)
    {
        if (matchPos < 0 || matchPos >= op) throw new InvalidDataException("LZO back-reference points before the start of the block");
        if (count > output.Length - op) throw new InvalidDataException($"LZO block decompresses to more than {output.Length} bytes");
        // byte by byte: a match may overlap the bytes it produces
        for (var i = 0; i < count; i++) output[op + i] = output[matchPos + i];
        op += count;
    }
}
