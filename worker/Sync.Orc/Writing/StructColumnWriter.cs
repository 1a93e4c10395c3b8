using Apache.Arrow;
using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>STRUCT: no streams of its own beyond PRESENT; each field gets the rows where the struct is present.</summary>
internal sealed class StructColumnWriter : ColumnWriter
{
    public StructColumnWriter(int columnId, WriterContext context, IReadOnlyList<ColumnWriter> children)
        : base(columnId, context, new StatisticsBuilder(), children)
    {
    }

    protected override long EstimatedDataSize => 0;

    protected override void WriteValues(IArrowArray array, int offset, int count)
    {
        var structs = (StructArray)array;
        WriteFields(structs.Fields, structs, offset, count);
    }

    /// <summary>Writes the fields for each run of present rows (field arrays share the struct's indexes).</summary>
    public void WriteFields(IReadOnlyList<IArrowArray> fields, IArrowArray owner, int offset, int count)
    {
        if (owner.NullCount == 0)
        {
            for (var f = 0; f < Children.Count; f++) Children[f].Write(fields[f], offset, count);
            return;
        }
        var end = offset + count;
        var i = offset;
        while (i < end)
        {
            while (i < end && owner.IsNull(i)) i++;
            var start = i;
            while (i < end && owner.IsValid(i)) i++;
            if (i > start)
            {
                for (var f = 0; f < Children.Count; f++) Children[f].Write(fields[f], start, i - start);
            }
        }
    }

    protected override void RecordDataPositions(RowGroupEntry entry)
    {
    }

    protected override ColumnEncoding FlushData(StripeSink sink) => Direct;

    protected override void ResetData()
    {
    }

    protected override void DisposeData()
    {
    }
}
