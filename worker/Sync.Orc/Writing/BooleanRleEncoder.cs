namespace Sync.Orc.Writing;

/// <summary>Booleans packed 8 to a byte, most significant bit first, then byte run-length encoded.</summary>
internal sealed class BooleanRleEncoder
{
    private readonly ByteRleEncoder _bytes;
    private int _current;
    private int _bitsLeft = 8;

    public BooleanRleEncoder(CompressedOutStream output) => _bytes = new ByteRleEncoder(output);

    public void Write(bool value)
    {
        _bitsLeft--;
        if (value) _current |= 1 << _bitsLeft;
        if (_bitsLeft == 0)
        {
            _bytes.Write((byte)_current);
            _current = 0;
            _bitsLeft = 8;
        }
    }

    /// <summary>Writes <paramref name="count"/> true values; whole bytes go straight to the byte encoder.</summary>
    public void WriteTrue(int count)
    {
        while (count > 0 && _bitsLeft != 8)
        {
            Write(true);
            count--;
        }
        for (; count >= 8; count -= 8) _bytes.Write(0xFF);
        for (; count > 0; count--) Write(true);
    }

    public void RecordPosition(List<ulong> positions)
    {
        _bytes.RecordPosition(positions);
        positions.Add((ulong)(8 - _bitsLeft));
    }

    public void Flush()
    {
        if (_bitsLeft != 8)
        {
            _bytes.Write((byte)_current);
            _current = 0;
            _bitsLeft = 8;
        }
        _bytes.Flush();
    }
}
