using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>What the column writers hand over when a stripe is flushed: streams in file order, encodings, statistics.</summary>
internal sealed class StripeSink
{
    public StripeSink(int columnCount)
    {
        Encodings = new ColumnEncoding[columnCount];
        Statistics = new ColumnStatistics[columnCount];
    }

    public List<(Proto.Stream.Types.Kind Kind, int Column, CompressedOutStream Stream)> IndexStreams { get; } = [];

    public List<(Proto.Stream.Types.Kind Kind, int Column, CompressedOutStream Stream)> DataStreams { get; } = [];

    public ColumnEncoding[] Encodings { get; }

    public ColumnStatistics[] Statistics { get; }

    public void AddData(Proto.Stream.Types.Kind kind, int column, CompressedOutStream stream) => DataStreams.Add((kind, column, stream));

    public void AddIndex(Proto.Stream.Types.Kind kind, int column, CompressedOutStream stream) => IndexStreams.Add((kind, column, stream));
}
