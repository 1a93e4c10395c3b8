using Apache.Arrow.Types;

namespace Sync.FeatureSync.Source;

/// <summary>One column of the source table and the Arrow type its values are written as.</summary>
internal sealed record SourceColumn(string Name, string ColumnType, IArrowType ArrowType);
