using Sync.Orc.Schema;
using Kind = Sync.Orc.Proto.Type.Types.Kind;

namespace Sync.Orc.Reading;

/// <summary>Builds the reader tree for a type, one reader class per ORC type family.</summary>
internal static class ColumnReaderFactory
{
    public static ColumnReader Create(OrcType type, StripeData stripe) => type.Kind switch
    {
        Kind.Boolean => new BooleanColumnReader(type, stripe),
        Kind.Byte => new ByteColumnReader(type, stripe),
        Kind.Short or Kind.Int or Kind.Long or Kind.Date => new IntegerColumnReader(type, stripe),
        Kind.Float => new FloatingColumnReader(type, stripe, 4),
        Kind.Double => new FloatingColumnReader(type, stripe, 8),
        Kind.String or Kind.Char or Kind.Varchar or Kind.Binary => StringColumnReaders.Create(type, stripe),
        Kind.Decimal => new DecimalColumnReader(type, stripe),
        Kind.Timestamp or Kind.TimestampInstant => new TimestampColumnReader(type, stripe),
        Kind.Struct => new StructColumnReader(type, stripe),
        Kind.List => new ListColumnReader(type, stripe),
        Kind.Map => new MapColumnReader(type, stripe),
        Kind.Union => new UnionColumnReader(type, stripe),
        _ => throw stripe.Error(type.Id, $"unsupported type kind {type.Kind}"),
    };
}
