using Apache.Arrow;
using Apache.Arrow.Types;
using Kind = Sync.Orc.Proto.Type.Types.Kind;

namespace Sync.Orc.Schema;

/// <summary>
/// The one mapping between ORC types and Arrow types; the reader produces it and the writer accepts it.
/// <list type="table">
/// <item><term>boolean, tinyint, smallint, int, bigint</term><description>Boolean, Int8, Int16, Int32, Int64</description></item>
/// <item><term>float, double</term><description>Float, Double</description></item>
/// <item><term>string, char(n), varchar(n)</term><description>String; char/varchar carry field metadata
/// <c>orc.type</c> = <c>char(10)</c> / <c>varchar(20)</c> so the exact ORC type survives a round trip</description></item>
/// <item><term>binary</term><description>Binary</description></item>
/// <item><term>decimal(p,s)</term><description>Decimal128(p,s); the Hive 0.11 unbounded <c>decimal(0,0)</c>
/// becomes Decimal128(38,6), values rescaled to 6 digits with extra digits truncated toward zero</description></item>
/// <item><term>date</term><description>Date32 (days since 1970-01-01)</description></item>
/// <item><term>timestamp</term><description>Timestamp(Nanosecond, no zone): the wall-clock time in the writer's zone</description></item>
/// <item><term>timestamp with local time zone</term><description>Timestamp(Nanosecond, "UTC"): the instant</description></item>
/// <item><term>struct, array, map</term><description>Struct, List (item field "item"), Map (fields "key", "value")</description></item>
/// <item><term>uniontype&lt;T0..Tn-1&gt;</term><description>dense Union whose type id is the ORC tag, children named
/// "0".."n-1", plus one trailing Null-typed child "null" (type id n) that marks rows where the union itself is
/// null (Arrow unions have no validity bitmap of their own)</description></item>
/// </list>
/// The schema carries metadata <c>orc.type</c> with the file's full ORC type. A file whose root type is not a
/// struct (legal but rare) maps to a one-field schema named <see cref="ScalarRootFieldName"/> with schema
/// metadata <c>orc.root</c> = <c>scalar</c>.
/// </summary>
public static class ArrowSchemaMapper
{
    /// <summary>Field metadata key holding the exact ORC type of char/varchar columns.</summary>
    public const string OrcTypeKey = "orc.type";

    /// <summary>Schema metadata key marking a file whose root is not a struct.</summary>
    public const string RootKey = "orc.root";

    /// <summary>Value of <see cref="RootKey"/> for a non-struct root.</summary>
    public const string ScalarRoot = "scalar";

    /// <summary>The single field of a non-struct root.</summary>
    public const string ScalarRootFieldName = "_col0";

    /// <summary>Name of the trailing union child that marks null union rows.</summary>
    public const string UnionNullFieldName = "null";

    /// <summary>True when the schema describes a file whose root is a single non-struct value.</summary>
    public static bool IsScalarRoot(Apache.Arrow.Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return schema.Metadata != null && schema.Metadata.TryGetValue(RootKey, out var v) && v == ScalarRoot;
    }

    /// <summary>The union child index that marks a null union row (the last child).</summary>
    public static int UnionNullTypeId(UnionType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Fields.Count - 1;
    }

    internal static Apache.Arrow.Schema ToArrowSchema(OrcType root, IReadOnlyList<int>? selectedFields)
    {
        var metadata = new Dictionary<string, string> { [OrcTypeKey] = root.ToString() };
        var fields = new List<Field>();
        if (root.Kind == Kind.Struct)
        {
            for (var i = 0; i < root.Children.Count; i++)
            {
                if (selectedFields != null && !selectedFields.Contains(i)) continue;
                fields.Add(ToField(root.FieldNames[i], root.Children[i]));
            }
        }
        else
        {
            metadata[RootKey] = ScalarRoot;
            fields.Add(ToField(ScalarRootFieldName, root));
        }
        return new Apache.Arrow.Schema(fields, metadata);
    }

    internal static Field ToField(string name, OrcType type)
    {
        IEnumerable<KeyValuePair<string, string>>? metadata = type.Kind is Kind.Char or Kind.Varchar
            ? [new KeyValuePair<string, string>(OrcTypeKey, type.ToString())]
            : null;
        return new Field(name, ToArrowType(type), nullable: true, metadata);
    }

    internal static IArrowType ToArrowType(OrcType type) => type.Kind switch
    {
        Kind.Boolean => BooleanType.Default,
        Kind.Byte => Int8Type.Default,
        Kind.Short => Int16Type.Default,
        Kind.Int => Int32Type.Default,
        Kind.Long => Int64Type.Default,
        Kind.Float => FloatType.Default,
        Kind.Double => DoubleType.Default,
        Kind.String or Kind.Char or Kind.Varchar => StringType.Default,
        Kind.Binary => BinaryType.Default,
        Kind.Decimal => type.Precision == 0 ? new Decimal128Type(38, 6) : new Decimal128Type(type.Precision, type.Scale),
        Kind.Date => Date32Type.Default,
        Kind.Timestamp => new TimestampType(TimeUnit.Nanosecond, (string?)null),
        Kind.TimestampInstant => new TimestampType(TimeUnit.Nanosecond, "UTC"),
        Kind.Struct => new StructType(StructFields(type)),
        Kind.List => new ListType(ToField("item", type.Children[0])),
        Kind.Map => new MapType(new Field("key", ToArrowType(type.Children[0]), nullable: false), ToField("value", type.Children[1])),
        Kind.Union => UnionOf(type),
        _ => throw new OrcFormatException($"type {type.Id} has unsupported kind {type.Kind}"),
    };

    private static List<Field> StructFields(OrcType type)
    {
        var fields = new List<Field>(type.Children.Count);
        for (var i = 0; i < type.Children.Count; i++) fields.Add(ToField(type.FieldNames[i], type.Children[i]));
        return fields;
    }

    private static UnionType UnionOf(OrcType type)
    {
        var fields = new List<Field>(type.Children.Count + 1);
        var ids = new List<int>(type.Children.Count + 1);
        for (var i = 0; i < type.Children.Count; i++)
        {
            fields.Add(ToField(i.ToString(System.Globalization.CultureInfo.InvariantCulture), type.Children[i]));
            ids.Add(i);
        }
        fields.Add(new Field(UnionNullFieldName, NullType.Default, nullable: true));
        ids.Add(type.Children.Count);
        return new UnionType(fields, ids, UnionMode.Dense);
    }
}
