namespace Sync.Orc.Writing;

/// <summary>
/// Integer run-length encoding v2. Picks SHORT_REPEAT, DIRECT, PATCHED_BASE or DELTA for each run of up to 512
/// values the way Apache ORC's Java writer (RunLengthIntegerWriterV2, SPEED strategy: aligned bit packing) does,
/// so its readers meet the encodings they are tuned for.
/// </summary>
internal sealed class IntegerRleV2Encoder
{
    private const int MaxScope = 512;
    private const int MinRepeat = 3;
    private const int MaxShortRepeatLength = 10;
    private const long BaseValueLimit = 1L << 56;

    private readonly CompressedOutStream _output;
    private readonly bool _signed;
    private readonly long[] _literals = new long[MaxScope];
    private readonly long[] _zigzagLiterals = new long[MaxScope];
    private readonly long[] _baseReducedLiterals = new long[MaxScope];
    private readonly long[] _adjustedDeltas = new long[MaxScope];
    private int _numLiterals;
    private long _prevDelta;
    private int _fixedRunLength;
    private int _variableRunLength;
    private Encoding _encoding;
    private long _fixedDelta;
    private int _zzBits90p;
    private int _zzBits100p;
    private int _brBits95p;
    private int _brBits100p;
    private int _bitsDeltaMax;
    private int _patchWidth;
    private int _patchGapWidth;
    private int _patchLength;
    private long[] _gapVsPatchList = [];
    private long _min;
    private bool _isFixedDelta = true;

    public IntegerRleV2Encoder(CompressedOutStream output, bool signed)
    {
        _output = output;
        _signed = signed;
    }

    private enum Encoding
    {
        ShortRepeat = 0,
        Direct = 1,
        PatchedBase = 2,
        Delta = 3,
    }

    public void Write(long value)
    {
        if (_numLiterals == 0)
        {
            InitializeLiterals(value);
            return;
        }
        if (_numLiterals == 1)
        {
            _prevDelta = value - _literals[0];
            _literals[_numLiterals++] = value;
            if (value == _literals[0])
            {
                _fixedRunLength = 2;
                _variableRunLength = 0;
            }
            else
            {
                _fixedRunLength = 0;
                _variableRunLength = 2;
            }
            return;
        }

        var currentDelta = value - _literals[_numLiterals - 1];
        if (_prevDelta == 0 && currentDelta == 0)
        {
            // a run of equal values
            _literals[_numLiterals++] = value;
            if (_variableRunLength > 0) _fixedRunLength = 2;
            _fixedRunLength++;

            // the repeats at the tail of a variable run break it: write the variable part, keep the run
            if (_fixedRunLength >= MinRepeat && _variableRunLength > 0)
            {
                _numLiterals -= MinRepeat;
                _variableRunLength -= MinRepeat - 1;
                Span<long> tail = stackalloc long[MinRepeat];
                _literals.AsSpan(_numLiterals, MinRepeat).CopyTo(tail);
                DetermineEncoding();
                WriteValues();
                foreach (var t in tail) _literals[_numLiterals++] = t;
            }

            if (_fixedRunLength == MaxScope)
            {
                _encoding = Encoding.Delta;
                _isFixedDelta = true;
                WriteValues();
            }
            return;
        }

        // a variable run
        if (_fixedRunLength >= MinRepeat)
        {
            if (_fixedRunLength <= MaxShortRepeatLength)
            {
                _encoding = Encoding.ShortRepeat;
            }
            else
            {
                _encoding = Encoding.Delta;
                _isFixedDelta = true;
            }
            WriteValues();
        }

        if (_fixedRunLength > 0 && _fixedRunLength < MinRepeat && value != _literals[_numLiterals - 1])
        {
            _variableRunLength = _fixedRunLength;
            _fixedRunLength = 0;
        }

        if (_numLiterals == 0)
        {
            InitializeLiterals(value);
        }
        else
        {
            _prevDelta = value - _literals[_numLiterals - 1];
            _literals[_numLiterals++] = value;
            _variableRunLength++;
            if (_variableRunLength == MaxScope)
            {
                DetermineEncoding();
                WriteValues();
            }
        }
    }

    /// <summary>Position of the next value: the stream's, then how many values of the open run precede it.</summary>
    public void RecordPosition(List<ulong> positions)
    {
        _output.RecordPosition(positions);
        positions.Add((ulong)_numLiterals);
    }

    /// <summary>Writes the open run; the stream itself is flushed by its owner.</summary>
    public void Flush()
    {
        if (_numLiterals != 0)
        {
            if (_variableRunLength != 0)
            {
                DetermineEncoding();
                WriteValues();
            }
            else if (_fixedRunLength != 0)
            {
                if (_fixedRunLength < MinRepeat)
                {
                    _variableRunLength = _fixedRunLength;
                    _fixedRunLength = 0;
                    DetermineEncoding();
                    WriteValues();
                }
                else if (_fixedRunLength <= MaxShortRepeatLength)
                {
                    _encoding = Encoding.ShortRepeat;
                    WriteValues();
                }
                else
                {
                    _encoding = Encoding.Delta;
                    _isFixedDelta = true;
                    WriteValues();
                }
            }
        }
        _output.Flush();
    }

    private void InitializeLiterals(long value)
    {
        _literals[_numLiterals++] = value;
        _fixedRunLength = 1;
        _variableRunLength = 1;
    }

    private void WriteValues()
    {
        if (_numLiterals == 0) return;
        switch (_encoding)
        {
            case Encoding.ShortRepeat:
                WriteShortRepeatValues();
                break;
            case Encoding.Direct:
                WriteDirectValues();
                break;
            case Encoding.PatchedBase:
                WritePatchedBaseValues();
                break;
            default:
                WriteDeltaValues();
                break;
        }
        Clear();
    }

    private void WriteShortRepeatValues()
    {
        var repeatValue = _signed ? (long)EncodingUtils.ZigZag(_literals[0]) : _literals[0];
        var numBits = EncodingUtils.FindClosestNumBits(repeatValue);
        var numBytes = (numBits + 7) >> 3;
        var header = (int)Encoding.ShortRepeat << 6 | (numBytes - 1) << 3 | (_fixedRunLength - MinRepeat);
        _output.WriteByte((byte)header);
        for (var i = numBytes - 1; i >= 0; i--) _output.WriteByte((byte)(repeatValue >>> (i * 8)));
        _fixedRunLength = 0;
    }

    private void WriteDirectValues()
    {
        var fb = EncodingUtils.GetClosestAlignedFixedBits(_zzBits100p);
        var efb = EncodingUtils.EncodeBitWidth(fb) << 1;
        _variableRunLength--;
        WriteTwoByteHeader(Encoding.Direct, efb, _variableRunLength);
        var values = _signed ? _zigzagLiterals : _literals;
        EncodingUtils.WriteInts(_output, values.AsSpan(0, _numLiterals), fb);
        _variableRunLength = 0;
    }

    private void WritePatchedBaseValues()
    {
        // no aligned widths here: patches land above the base-reduced value's width
        var fb = _brBits95p;
        var efb = EncodingUtils.EncodeBitWidth(fb) << 1;
        _variableRunLength--;
        WriteTwoByteHeader(Encoding.PatchedBase, efb, _variableRunLength);

        var isNegative = _min < 0;
        if (isNegative) _min = -_min;
        var baseWidth = EncodingUtils.FindClosestNumBits(_min) + 1;
        var baseBytes = (baseWidth + 7) / 8;
        if (isNegative) _min |= 1L << ((baseBytes * 8) - 1);

        _output.WriteByte((byte)((baseBytes - 1) << 5 | EncodingUtils.EncodeBitWidth(_patchWidth)));
        _output.WriteByte((byte)((_patchGapWidth - 1) << 5 | _patchLength));
        for (var i = baseBytes - 1; i >= 0; i--) _output.WriteByte((byte)(_min >>> (i * 8)));

        EncodingUtils.WriteInts(_output, _baseReducedLiterals.AsSpan(0, _numLiterals), EncodingUtils.GetClosestFixedBits(fb));
        EncodingUtils.WriteInts(_output, _gapVsPatchList, EncodingUtils.GetClosestFixedBits(_patchGapWidth + _patchWidth));
        _variableRunLength = 0;
    }

    private void WriteDeltaValues()
    {
        int length;
        var fb = EncodingUtils.GetClosestAlignedFixedBits(_bitsDeltaMax);
        var efb = 0;
        if (_isFixedDelta)
        {
            // a long run of one value, or an arithmetic sequence: no bit-packed deltas
            if (_fixedRunLength > MinRepeat)
            {
                length = _fixedRunLength - 1;
                _fixedRunLength = 0;
            }
            else
            {
                length = _variableRunLength - 1;
                _variableRunLength = 0;
            }
        }
        else
        {
            // width 0 means a fixed delta, so a 1-bit delta blob is written with 2 bits
            if (fb == 1) fb = 2;
            efb = EncodingUtils.EncodeBitWidth(fb) << 1;
            length = _variableRunLength - 1;
            _variableRunLength = 0;
        }

        WriteTwoByteHeader(Encoding.Delta, efb, length);
        if (_signed) EncodingUtils.WriteVarInt(_output, _literals[0]);
        else EncodingUtils.WriteVarUInt(_output, (ulong)_literals[0]);

        if (_isFixedDelta)
        {
            EncodingUtils.WriteVarInt(_output, _fixedDelta);
        }
        else
        {
            EncodingUtils.WriteVarInt(_output, _adjustedDeltas[0]);
            EncodingUtils.WriteInts(_output, _adjustedDeltas.AsSpan(1, _numLiterals - 2), fb);
        }
    }

    private void WriteTwoByteHeader(Encoding encoding, int encodedWidth, int lengthMinusOne)
    {
        _output.WriteByte((byte)((int)encoding << 6 | encodedWidth | ((lengthMinusOne & 0x100) >>> 8)));
        _output.WriteByte((byte)(lengthMinusOne & 0xff));
    }

    private void DetermineEncoding()
    {
        for (var i = 0; i < _numLiterals; i++)
        {
            _zigzagLiterals[i] = _signed ? (long)EncodingUtils.ZigZag(_literals[i]) : _literals[i];
        }
        _zzBits100p = EncodingUtils.PercentileBits(_zigzagLiterals.AsSpan(0, _numLiterals), 1.0);

        if (_numLiterals <= MinRepeat)
        {
            _encoding = Encoding.Direct;
            return;
        }

        var isIncreasing = true;
        var isDecreasing = true;
        _isFixedDelta = true;
        _min = _literals[0];
        var max = _literals[0];
        var initialDelta = _literals[1] - _literals[0];
        long currentDelta = 0;
        long deltaMax = 0;
        _adjustedDeltas[0] = initialDelta;

        for (var i = 1; i < _numLiterals; i++)
        {
            var l1 = _literals[i];
            var l0 = _literals[i - 1];
            currentDelta = l1 - l0;
            _min = Math.Min(_min, l1);
            max = Math.Max(max, l1);
            isIncreasing &= l0 <= l1;
            isDecreasing &= l0 >= l1;
            _isFixedDelta &= currentDelta == initialDelta;
            if (i > 1)
            {
                _adjustedDeltas[i - 1] = currentDelta < 0 ? -currentDelta : currentDelta;
                deltaMax = Math.Max(deltaMax, _adjustedDeltas[i - 1]);
            }
        }

        // deltas that overflow go out DIRECT, which is also cheaper than checking for PATCHED_BASE
        if (!EncodingUtils.IsSafeSubtract(max, _min))
        {
            _encoding = Encoding.Direct;
            return;
        }

        if (_min == max)
        {
            _fixedDelta = 0;
            _encoding = Encoding.Delta;
            return;
        }

        if (_isFixedDelta)
        {
            _fixedDelta = currentDelta;
            _encoding = Encoding.Delta;
            return;
        }

        // a zero first delta leaves the sign of the others unknown, so no DELTA
        if (initialDelta != 0)
        {
            _bitsDeltaMax = EncodingUtils.FindClosestNumBits(deltaMax);
            if (isIncreasing || isDecreasing)
            {
                _encoding = Encoding.Delta;
                return;
            }
        }

        // PATCHED_BASE when the top 10% of values need more than one extra bit over the 90th percentile
        _zzBits90p = EncodingUtils.PercentileBits(_zigzagLiterals.AsSpan(0, _numLiterals), 0.9);
        if (_zzBits100p - _zzBits90p > 1)
        {
            for (var i = 0; i < _numLiterals; i++) _baseReducedLiterals[i] = _literals[i] - _min;
            _brBits95p = EncodingUtils.PercentileBits(_baseReducedLiterals.AsSpan(0, _numLiterals), 0.95);
            _brBits100p = EncodingUtils.PercentileBits(_baseReducedLiterals.AsSpan(0, _numLiterals), 1.0);
            if (_brBits100p - _brBits95p != 0 && _min > -BaseValueLimit && _min < BaseValueLimit)
            {
                _encoding = Encoding.PatchedBase;
                PreparePatchedBlob();
                return;
            }
        }
        _encoding = Encoding.Direct;
    }

    private void PreparePatchedBlob()
    {
        var mask = (1L << _brBits95p) - 1;
        _patchLength = (int)Math.Ceiling(_numLiterals * 0.05);
        Span<int> gapList = stackalloc int[_patchLength];
        Span<long> patchList = stackalloc long[_patchLength];

        _patchWidth = EncodingUtils.GetClosestFixedBits(_brBits100p - _brBits95p);
        // gap and patch share one 64-bit entry
        if (_patchWidth == 64)
        {
            _patchWidth = 56;
            _brBits95p = 8;
            mask = (1L << _brBits95p) - 1;
        }

        var gapIndex = 0;
        var previous = 0;
        var maxGap = 0;
        for (var i = 0; i < _numLiterals; i++)
        {
            if (_baseReducedLiterals[i] > mask)
            {
                var gap = i - previous;
                if (gap > maxGap) maxGap = gap;
                previous = i;
                gapList[gapIndex] = gap;
                patchList[gapIndex] = _baseReducedLiterals[i] >>> _brBits95p;
                gapIndex++;
                _baseReducedLiterals[i] &= mask;
            }
        }

        _patchLength = gapIndex;
        _patchGapWidth = maxGap == 0 && _patchLength != 0 ? 1 : EncodingUtils.FindClosestNumBits(maxGap);

        // gaps over 255 take extra entries of (255, patch 0)
        if (_patchGapWidth > 8)
        {
            _patchGapWidth = 8;
            _patchLength += maxGap == 511 ? 2 : 1;
        }

        _gapVsPatchList = new long[_patchLength];
        var g = 0;
        for (var i = 0; i < _patchLength; i++)
        {
            long gap = gapList[g];
            var patch = patchList[g];
            g++;
            while (gap > 255)
            {
                _gapVsPatchList[i++] = 255L << _patchWidth;
                gap -= 255;
            }
            _gapVsPatchList[i] = gap << _patchWidth | patch;
        }
    }

    private void Clear()
    {
        _numLiterals = 0;
        _prevDelta = 0;
        _fixedDelta = 0;
        _zzBits90p = 0;
        _zzBits100p = 0;
        _brBits95p = 0;
        _brBits100p = 0;
        _bitsDeltaMax = 0;
        _patchGapWidth = 0;
        _patchLength = 0;
        _patchWidth = 0;
        _gapVsPatchList = [];
        _min = 0;
        _isFixedDelta = true;
    }
}
