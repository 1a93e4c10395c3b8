namespace Sync.Orc.Writing;

/// <summary>
/// Byte run-length encoding: runs of 3 to 130 equal bytes as (length - 3, value), otherwise up to 128 literals
/// as (-count, bytes...). Follows Apache ORC's RunLengthByteWriter so the output is byte-for-byte the same.
/// </summary>
internal sealed class ByteRleEncoder
{
    private const int MinRepeat = 3;
    private const int MaxLiterals = 128;
    private const int MaxRepeat = 127 + MinRepeat;
    private readonly CompressedOutStream _output;
    private readonly byte[] _literals = new byte[MaxLiterals];
    private int _numLiterals;
    private bool _repeat;
    private int _tailRunLength;

    public ByteRleEncoder(CompressedOutStream output) => _output = output;

    public void Write(byte value)
    {
        if (_numLiterals == 0)
        {
            _literals[_numLiterals++] = value;
            _tailRunLength = 1;
        }
        else if (_repeat)
        {
            if (value == _literals[0])
            {
                _numLiterals++;
                if (_numLiterals == MaxRepeat) WriteValues();
            }
            else
            {
                WriteValues();
                _literals[_numLiterals++] = value;
                _tailRunLength = 1;
            }
        }
        else
        {
            _tailRunLength = value == _literals[_numLiterals - 1] ? _tailRunLength + 1 : 1;
            if (_tailRunLength == MinRepeat)
            {
                if (_numLiterals + 1 == MinRepeat)
                {
                    _repeat = true;
                    _numLiterals++;
                }
                else
                {
                    // the literals before the run go out first; the run restarts at its first byte
                    _numLiterals -= MinRepeat - 1;
                    WriteValues();
                    _literals[0] = value;
                    _repeat = true;
                    _numLiterals = MinRepeat;
                }
            }
            else
            {
                _literals[_numLiterals++] = value;
                if (_numLiterals == MaxLiterals) WriteValues();
            }
        }
    }

    public void RecordPosition(List<ulong> positions)
    {
        _output.RecordPosition(positions);
        positions.Add((ulong)_numLiterals);
    }

    public void Flush()
    {
        WriteValues();
        _output.Flush();
    }

    private void WriteValues()
    {
        if (_numLiterals == 0) return;
        if (_repeat)
        {
            _output.WriteByte((byte)(_numLiterals - MinRepeat));
            _output.WriteByte(_literals[0]);
        }
        else
        {
            _output.WriteByte((byte)-_numLiterals);
            _output.Write(_literals.AsSpan(0, _numLiterals));
        }
        _repeat = false;
        _tailRunLength = 0;
        _numLiterals = 0;
    }
}
