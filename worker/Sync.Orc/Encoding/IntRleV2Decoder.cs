using System.Runtime.CompilerServices;

namespace Sync.Orc.Encoding;

/// <summary>
/// Integer RLE version 2: short repeat, direct (bit-packed), patched base and delta runs of up to 512 values.
/// A run is decoded whole into a small buffer and handed out from there.
/// </summary>
internal sealed class IntRleV2Decoder : IIntegerDecoder
{
    private const int MaxRun = 512;
    private readonly StreamInput _input;
    private readonly bool _signed;
    private readonly long[] _literals = new long[MaxRun];
    private int _count;
    private int _position;

    public IntRleV2Decoder(StreamInput input, bool signed)
    {
        _input = input;
        _signed = signed;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    public void Next(Span<long> destination)
    {
        var i = 0;
        while (i < destination.Length)
        {
            if (_position == _count) ReadRun();
            var n = Math.Min(_count - _position, destination.Length - i);
            _literals.AsSpan(_position, n).CopyTo(destination.Slice(i, n));
            _position += n;
            i += n;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    private void ReadRun()
    {
        _position = 0;
        _count = 0;
        var header = _input.ReadByte();
        switch ((header >> 6) & 3)
        {
            case 0: ReadShortRepeat(header); break;
            case 1: ReadDirect(header); break;
            case 2: ReadPatchedBase(header); break;
            default: ReadDelta(header); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    private void ReadShortRepeat(byte header)
    {
        var width = ((header >> 3) & 7) + 1;
        var count = (header & 7) + 3;
        ulong raw = 0;
        for (var i = 0; i < width; i++) raw = (raw << 8) | _input.ReadByte();
        var value = _signed ? StreamInput.ZigZag(raw) : (long)raw;
        _literals.AsSpan(0, count).Fill(value);
        _count = count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    private void ReadDirect(byte header)
    {
        var width = RleV2BitWidths.Decode((header >> 1) & 0x1f);
        var length = (((header & 1) << 8) | _input.ReadByte()) + 1;
        var values = _literals.AsSpan(0, length);
        BitUnpacker.Unpack(_input, values, width);
        if (_signed)
        {
            for (var i = 0; i < values.Length; i++) values[i] = StreamInput.ZigZag((ulong)values[i]);
        }
        _count = length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    private void ReadPatchedBase(byte header)
    {
        var width = RleV2BitWidths.Decode((header >> 1) & 0x1f);
        var length = (((header & 1) << 8) | _input.ReadByte()) + 1;
        var third = _input.ReadByte();
        var baseWidth = ((third >> 5) & 7) + 1;
        var patchWidth = RleV2BitWidths.Decode(third & 0x1f);
        var fourth = _input.ReadByte();
        var gapWidth = ((fourth >> 5) & 7) + 1;
        var patchCount = fourth & 0x1f;
        if (patchWidth + gapWidth > 64) throw _input.Context.Error($"patched base run with patch width {patchWidth} + gap width {gapWidth} > 64");

        ulong rawBase = 0;
        for (var i = 0; i < baseWidth; i++) rawBase = (rawBase << 8) | _input.ReadByte();
        var signBit = 1UL << ((baseWidth * 8) - 1);
        var baseValue = (rawBase & signBit) != 0 ? -(long)(rawBase & ~signBit) : (long)rawBase;

        var values = _literals.AsSpan(0, length);
        BitUnpacker.Unpack(_input, values, width);

        Span<long> patches = stackalloc long[32];
        patches = patches[..patchCount];
        BitUnpacker.Unpack(_input, patches, RleV2BitWidths.ClosestFixed(patchWidth + gapWidth));

        var patchMask = patchWidth >= 64 ? ulong.MaxValue : (1UL << patchWidth) - 1;
        var patchIndex = 0;
        long nextPatchAt = -1;
        ulong currentPatch = 0;
        if (patchCount > 0) nextPatchAt = NextPatch(patches, ref patchIndex, patchWidth, patchMask, out currentPatch);
        for (var i = 0; i < length; i++)
        {
            if (i == nextPatchAt)
            {
                var patched = (ulong)values[i] | (width >= 64 ? 0 : currentPatch << width);
                values[i] = baseValue + (long)patched;
                patchIndex++;
                if (patchIndex < patchCount)
                {
                    nextPatchAt = i + NextPatch(patches, ref patchIndex, patchWidth, patchMask, out currentPatch);
                }
                else
                {
                    nextPatchAt = -1;
                }
            }
            else
            {
                values[i] = baseValue + values[i];
            }
        }
        _count = length;
    }

    /// <summary>Reads a patch entry; a gap of 255 with a zero patch only extends the gap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long NextPatch(Span<long> patches, ref int index, int patchWidth, ulong patchMask, out ulong patch)
    {
        long gap = 0;
        while (true)
        {
            var entry = (ulong)patches[index];
            var entryGap = (long)(patchWidth >= 64 ? 0 : entry >> patchWidth);
            patch = entry & patchMask;
            if (entryGap == 255 && patch == 0)
            {
                gap += 255;
                index++;
                if (index >= patches.Length) throw _input.Context.Error("patch list ends inside a gap");
                continue;
            }
            return gap + entryGap;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    private void ReadDelta(byte header)
    {
        var code = (header >> 1) & 0x1f;
        var width = code == 0 ? 0 : RleV2BitWidths.Decode(code);
        var length = (((header & 1) << 8) | _input.ReadByte()) + 1;
        var first = _signed ? _input.ReadVarInt64Signed() : (long)_input.ReadVarUInt64();
        var deltaBase = _input.ReadVarInt64Signed();
        var values = _literals.AsSpan(0, length);
        values[0] = first;
        if (width == 0)
        {
            var v = first;
            for (var i = 1; i < length; i++)
            {
                v += deltaBase;
                values[i] = v;
            }
        }
        else
        {
            if (length < 2) throw _input.Context.Error("delta run with bit-packed deltas shorter than 2 values");
            values[1] = first + deltaBase;
            BitUnpacker.Unpack(_input, values[2..], width);
            var prev = values[1];
            if (deltaBase < 0)
            {
                for (var i = 2; i < length; i++)
                {
                    prev -= values[i];
                    values[i] = prev;
                }
            }
            else
            {
                for (var i = 2; i < length; i++)
                {
                    prev += values[i];
                    values[i] = prev;
                }
            }
        }
        _count = length;
    }
}
