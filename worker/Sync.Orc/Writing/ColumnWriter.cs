using Apache.Arrow;
using Google.Protobuf;
using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>
/// Writes one ORC column (and, through its children, the columns below it) for the open stripe. The base class
/// owns what every column has: the PRESENT stream (kept only when the stripe saw a null), the row index
/// (positions at each row group's start plus its statistics) and the row-group/stripe/file statistics.
/// </summary>
internal abstract class ColumnWriter : IDisposable
{
    private readonly CompressedOutStream _presentStream;
    private readonly BooleanRleEncoder _present;
    private readonly CompressedOutStream? _indexStream;
    private readonly List<RowGroupEntry> _entries = [];
    private readonly StatisticsBuilder _stripeStatistics;
    private readonly StatisticsBuilder _fileStatistics;
    private RowGroupEntry? _openEntry;
    private bool _hasNulls;

    protected ColumnWriter(int columnId, WriterContext context, StatisticsBuilder statistics, IReadOnlyList<ColumnWriter>? children = null)
    {
        ColumnId = columnId;
        Context = context;
        Statistics = statistics;
        _stripeStatistics = statistics.CreateEmpty();
        _fileStatistics = statistics.CreateEmpty();
        Children = children ?? [];
        _presentStream = context.CreateStream();
        _present = new BooleanRleEncoder(_presentStream);
        if (context.BuildRowIndex) _indexStream = context.CreateStream();
    }

    public int ColumnId { get; }

    public IReadOnlyList<ColumnWriter> Children { get; }

    protected WriterContext Context { get; }

    /// <summary>Statistics of the open row group; subclasses update their typed builder per value.</summary>
    protected StatisticsBuilder Statistics { get; }

    /// <summary>Row groups of the open stripe that are complete.</summary>
    protected IReadOnlyList<RowGroupEntry> RowGroups => _entries;

    /// <summary>The row group being written, when row indexes are kept.</summary>
    protected RowGroupEntry? OpenRowGroup => _openEntry;

    /// <summary>Non-null values written in the open stripe.</summary>
    protected long ValuesInStripe { get; private set; }

    /// <summary>Bytes the open stripe would take for this column and its children if flushed now.</summary>
    public long EstimatedSize
    {
        get
        {
            var size = _presentStream.EstimatedLength + EstimatedDataSize;
            foreach (var child in Children) size += child.EstimatedSize;
            return size;
        }
    }

    protected abstract long EstimatedDataSize { get; }

    /// <summary>Writes rows [offset, offset + count) of <paramref name="array"/> (logical indexes).</summary>
    public void Write(IArrowArray array, int offset, int count)
    {
        if (count == 0) return;
        if (!MayHaveNulls(array))
        {
            _present.WriteTrue(count);
            Statistics.AddValues(count);
            ValuesInStripe += count;
        }
        else
        {
            var nonNull = 0;
            for (var i = offset; i < offset + count; i++)
            {
                var valid = IsRowValid(array, i);
                _present.Write(valid);
                if (valid) nonNull++;
            }
            if (nonNull < count)
            {
                _hasNulls = true;
                Statistics.SetNull();
            }
            Statistics.AddValues(nonNull);
            ValuesInStripe += nonNull;
        }
        WriteValues(array, offset, count);
    }

    /// <summary>False when every row of <paramref name="array"/> is known to be present.</summary>
    protected virtual bool MayHaveNulls(IArrowArray array) => array.NullCount != 0;

    /// <summary>Whether row <paramref name="index"/> is present (Arrow's validity unless a type marks nulls otherwise).</summary>
    protected virtual bool IsRowValid(IArrowArray array, int index) => array.IsValid(index);

    /// <summary>Encodes the non-null rows among [offset, offset + count); nulls are already in PRESENT.</summary>
    protected abstract void WriteValues(IArrowArray array, int offset, int count);

    /// <summary>Adds the data streams' current positions to the entry (or notes what a later flush needs to).</summary>
    protected abstract void RecordDataPositions(RowGroupEntry entry);

    /// <summary>Flushes the encoders, adds the data streams to the stripe and returns the column encoding.</summary>
    protected abstract ColumnEncoding FlushData(StripeSink sink);

    /// <summary>Clears the data streams for the next stripe.</summary>
    protected abstract void ResetData();

    public void StartRowGroup()
    {
        if (Context.BuildRowIndex)
        {
            var entry = new RowGroupEntry { ValuesBefore = ValuesInStripe };
            _present.RecordPosition(entry.Present);
            RecordDataPositions(entry);
            _openEntry = entry;
        }
        foreach (var child in Children) child.StartRowGroup();
    }

    public void FinishRowGroup()
    {
        if (_openEntry != null)
        {
            _openEntry.Statistics = Statistics.ToProto();
            _entries.Add(_openEntry);
            _openEntry = null;
        }
        _stripeStatistics.Merge(Statistics);
        Statistics.Reset();
        foreach (var child in Children) child.FinishRowGroup();
    }

    public void FlushStripe(StripeSink sink)
    {
        _present.Flush();
        if (_hasNulls) sink.AddData(Proto.Stream.Types.Kind.Present, ColumnId, _presentStream);
        sink.Encodings[ColumnId] = FlushData(sink);

        if (_indexStream != null)
        {
            var index = new RowIndex();
            foreach (var group in _entries)
            {
                var entry = new RowIndexEntry { Statistics = group.Statistics };
                // without a PRESENT stream its positions must go too
                if (_hasNulls) entry.Positions.AddRange(group.Present);
                entry.Positions.AddRange(group.Data);
                index.Entry.Add(entry);
            }
            _indexStream.Write(index.ToByteArray());
            _indexStream.Flush();
            sink.AddIndex(Proto.Stream.Types.Kind.RowIndex, ColumnId, _indexStream);
        }

        sink.Statistics[ColumnId] = _stripeStatistics.ToProto();
        _fileStatistics.Merge(_stripeStatistics);
        _stripeStatistics.Reset();
        foreach (var child in Children) child.FlushStripe(sink);
    }

    /// <summary>Empties every stream after the stripe has been written out.</summary>
    public void ResetStripe()
    {
        _presentStream.Reset();
        _indexStream?.Reset();
        _entries.Clear();
        _openEntry = null;
        _hasNulls = false;
        ValuesInStripe = 0;
        ResetData();
        foreach (var child in Children) child.ResetStripe();
    }

    public void CollectFileStatistics(ColumnStatistics[] target)
    {
        target[ColumnId] = _fileStatistics.ToProto();
        foreach (var child in Children) child.CollectFileStatistics(target);
    }

    public void Dispose()
    {
        _presentStream.Dispose();
        _indexStream?.Dispose();
        DisposeData();
        foreach (var child in Children) child.Dispose();
    }

    protected abstract void DisposeData();

    protected static ColumnEncoding Direct => new() { Kind = ColumnEncoding.Types.Kind.Direct };

    protected static ColumnEncoding DirectV2 => new() { Kind = ColumnEncoding.Types.Kind.DirectV2 };
}
