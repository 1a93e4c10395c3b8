using Apache.Arrow;
using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>
/// STRING, CHAR, VARCHAR. Each stripe starts dictionary-encoded (DICTIONARY_V2: DATA = ids, LENGTH = key lengths,
/// DICTIONARY_DATA = keys); once enough values are seen, a column whose distinct values exceed 80 % of its
/// values falls back to DIRECT_V2 (DATA = bytes, LENGTH = lengths) for the rest of the stripe, as Java's writer does.
/// Like Java's writer, VARCHAR(n) values are cut to n characters and CHAR(n) values cut or padded with spaces to n.
/// </summary>
internal sealed class StringColumnWriter : ColumnWriter
{
    private const double DictionaryKeySizeThreshold = 0.8;
    private readonly CompressedOutStream _dataStream;
    private readonly CompressedOutStream _lengthStream;
    private readonly CompressedOutStream _dictionaryStream;
    private readonly IntegerRleV2Encoder _data;
    private readonly IntegerRleV2Encoder _lengths;
    private readonly StringDictionary _dictionary = new();
    private readonly StringStatisticsBuilder _statistics;
    private readonly int _checkAfterValues;
    private int[] _ids = new int[1024];
    private int _stored;
    private bool _useDictionary = true;
    private bool _decided;

    private readonly int _maxLength;
    private readonly bool _pad;
    private byte[] _padded = [];

    public StringColumnWriter(int columnId, WriterContext context, int dictionaryCheckValues, int maxLength = 0, bool pad = false)
        : base(columnId, context, new StringStatisticsBuilder())
    {
        _maxLength = maxLength;
        _pad = pad;
        _statistics = (StringStatisticsBuilder)Statistics;
        _dataStream = context.CreateStream();
        _lengthStream = context.CreateStream();
        _dictionaryStream = context.CreateStream();
        _data = new IntegerRleV2Encoder(_dataStream, signed: false);
        _lengths = new IntegerRleV2Encoder(_lengthStream, signed: false);
        _checkAfterValues = Math.Max(1, dictionaryCheckValues);
    }

    protected override long EstimatedDataSize => _useDictionary
        ? _dictionary.ByteLength + (ValuesInStripe * 2)
        : _dataStream.EstimatedLength + _lengthStream.EstimatedLength;

    protected override void WriteValues(IArrowArray array, int offset, int count)
    {
        var strings = (BinaryArray)array;
        var offsets = strings.ValueOffsets;
        var bytes = strings.Values;
        var hasNulls = strings.NullCount > 0;
        for (var i = offset; i < offset + count; i++)
        {
            if (hasNulls && strings.IsNull(i)) continue;
            var value = bytes.Slice(offsets[i], offsets[i + 1] - offsets[i]);
            if (_maxLength > 0) value = FitToLength(value);
            _statistics.Update(value);
            if (_useDictionary)
            {
                if (_stored == _ids.Length) System.Array.Resize(ref _ids, _ids.Length * 2);
                _ids[_stored++] = _dictionary.Add(value);
                if (!_decided && _stored >= _checkAfterValues)
                {
                    _decided = true;
                    if (!DictionaryPaysOff(_stored)) SwitchToDirect(_stored);
                }
            }
            else
            {
                _dataStream.Write(value);
                _lengths.Write(value.Length);
            }
        }
    }

    protected override void RecordDataPositions(RowGroupEntry entry)
    {
        // dictionary ids get their positions when the stripe is flushed
        if (_useDictionary) return;
        _dataStream.RecordPosition(entry.Data);
        _lengths.RecordPosition(entry.Data);
    }

    protected override ColumnEncoding FlushData(StripeSink sink)
    {
        var stored = _stored;
        if (_useDictionary && !_decided && !DictionaryPaysOff(stored)) SwitchToDirect(stored);

        if (!_useDictionary)
        {
            _dataStream.Flush();
            _lengths.Flush();
            sink.AddData(Proto.Stream.Types.Kind.Data, ColumnId, _dataStream);
            sink.AddData(Proto.Stream.Types.Kind.Length, ColumnId, _lengthStream);
            return DirectV2;
        }

        var groups = RowGroups;
        var next = 0;
        for (var k = 0; k < stored; k++)
        {
            while (next < groups.Count && groups[next].ValuesBefore == k) _data.RecordPosition(groups[next++].Data);
            _data.Write(_ids[k]);
        }
        while (next < groups.Count) _data.RecordPosition(groups[next++].Data);
        _data.Flush();

        for (var id = 0; id < _dictionary.Count; id++)
        {
            var key = _dictionary[id];
            _dictionaryStream.Write(key);
            _lengths.Write(key.Length);
        }
        _lengths.Flush();
        _dictionaryStream.Flush();
        sink.AddData(Proto.Stream.Types.Kind.Data, ColumnId, _dataStream);
        sink.AddData(Proto.Stream.Types.Kind.Length, ColumnId, _lengthStream);
        sink.AddData(Proto.Stream.Types.Kind.DictionaryData, ColumnId, _dictionaryStream);
        return new ColumnEncoding { Kind = ColumnEncoding.Types.Kind.DictionaryV2, DictionarySize = (uint)_dictionary.Count };
    }

    protected override void ResetData()
    {
        _dataStream.Reset();
        _lengthStream.Reset();
        _dictionaryStream.Reset();
        _dictionary.Clear();
        _stored = 0;
        _useDictionary = true;
        _decided = false;
    }

    protected override void DisposeData()
    {
        _dataStream.Dispose();
        _lengthStream.Dispose();
        _dictionaryStream.Dispose();
        _dictionary.Dispose();
    }

    /// <summary>Cuts a value to the declared length in characters, padding CHAR values with spaces.</summary>
    private ReadOnlySpan<byte> FitToLength(ReadOnlySpan<byte> value)
    {
        var characters = 0;
        for (var b = 0; b < value.Length; b++)
        {
            if ((value[b] & 0xC0) == 0x80) continue;
            if (characters == _maxLength) return value[..b];
            characters++;
        }
        if (!_pad || characters == _maxLength) return value;
        var length = value.Length + (_maxLength - characters);
        if (_padded.Length < length) _padded = new byte[Math.Max(length, _padded.Length * 2)];
        value.CopyTo(_padded);
        _padded.AsSpan(value.Length, length - value.Length).Fill((byte)' ');
        return _padded.AsSpan(0, length);
    }

    private bool DictionaryPaysOff(int values) => values > 0 && _dictionary.Count <= DictionaryKeySizeThreshold * values;

    /// <summary>Re-encodes the values held as ids directly, giving finished and open row groups their positions.</summary>
    private void SwitchToDirect(int stored)
    {
        _useDictionary = false;
        _decided = true;
        var groups = new List<RowGroupEntry>(RowGroups);
        if (OpenRowGroup != null) groups.Add(OpenRowGroup);
        var next = 0;
        for (var k = 0; k < stored; k++)
        {
            while (next < groups.Count && groups[next].ValuesBefore == k) RecordDirectPositions(groups[next++]);
            var value = _dictionary[_ids[k]];
            _dataStream.Write(value);
            _lengths.Write(value.Length);
        }
        while (next < groups.Count) RecordDirectPositions(groups[next++]);
        _dictionary.Clear();
    }

    private void RecordDirectPositions(RowGroupEntry entry)
    {
        _dataStream.RecordPosition(entry.Data);
        _lengths.RecordPosition(entry.Data);
    }
}
