using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using Sync.Orc.Proto;
using OrcType = Sync.Orc.Proto.Type;

namespace Sync.Orc.Writing;

/// <summary>
/// Turns an Arrow schema into the ORC type tree (column ids in pre-order, the root struct = column 0) and the
/// column writer for each column. Field metadata <c>orc.type</c> = <c>char(n)</c> / <c>varchar(n)</c> keeps those types.
/// </summary>
internal static class ColumnWriterFactory
{
    public const string OrcTypeMetadataKey = "orc.type";

    public static ColumnWriter CreateRoot(Apache.Arrow.Schema schema, WriterContext context, List<OrcType> types, int dictionaryCheckValues)
    {
        // a schema read from a file whose root is a bare value writes that value as column 0 again
        if (IsScalarRoot(schema)) return Create(schema.FieldsList[0], schema.FieldsList[0].Name, context, types, dictionaryCheckValues);
        var root = new OrcType { Kind = OrcType.Types.Kind.Struct };
        types.Add(root);
        var children = new List<ColumnWriter>(schema.FieldsList.Count);
        foreach (var field in schema.FieldsList)
        {
            root.FieldNames.Add(field.Name);
            root.Subtypes.Add((uint)types.Count);
            children.Add(Create(field, field.Name, context, types, dictionaryCheckValues));
        }
        return new StructColumnWriter(0, context, children);
    }

    /// <summary>A one-field schema marked by the reader as a non-struct root (see <see cref="Sync.Orc.Schema.ArrowSchemaMapper"/>).</summary>
    public static bool IsScalarRoot(Apache.Arrow.Schema schema) =>
        schema.FieldsList.Count == 1 && global::Sync.Orc.Schema.ArrowSchemaMapper.IsScalarRoot(schema);

    private static ColumnWriter Create(Field field, string path, WriterContext context, List<OrcType> types, int dictionaryCheckValues)
    {
        var id = types.Count;
        var type = new OrcType();
        types.Add(type);
        switch (field.DataType)
        {
            case BooleanType:
                type.Kind = OrcType.Types.Kind.Boolean;
                return new BooleanColumnWriter(id, context);
            case Int8Type:
                type.Kind = OrcType.Types.Kind.Byte;
                return new ByteColumnWriter(id, context);
            case Int16Type:
                type.Kind = OrcType.Types.Kind.Short;
                return new IntegerColumnWriter(id, context);
            case Int32Type:
                type.Kind = OrcType.Types.Kind.Int;
                return new IntegerColumnWriter(id, context);
            case Int64Type:
                type.Kind = OrcType.Types.Kind.Long;
                return new IntegerColumnWriter(id, context);
            case FloatType:
                type.Kind = OrcType.Types.Kind.Float;
                return new FloatingColumnWriter(id, context);
            case DoubleType:
                type.Kind = OrcType.Types.Kind.Double;
                return new FloatingColumnWriter(id, context);
            case StringType:
                SetStringKind(type, field, path);
                return new StringColumnWriter(id, context, dictionaryCheckValues, (int)type.MaximumLength, type.Kind == OrcType.Types.Kind.Char);
            case BinaryType:
                type.Kind = OrcType.Types.Kind.Binary;
                return new BinaryColumnWriter(id, context);
            case Decimal128Type d:
                type.Kind = OrcType.Types.Kind.Decimal;
                type.Precision = (uint)d.Precision;
                type.Scale = (uint)d.Scale;
                return new DecimalColumnWriter(id, context, d.Scale);
            case Date32Type:
                type.Kind = OrcType.Types.Kind.Date;
                return new DateColumnWriter(id, context);
            case TimestampType t:
                type.Kind = string.IsNullOrEmpty(t.Timezone) ? OrcType.Types.Kind.Timestamp : OrcType.Types.Kind.TimestampInstant;
                return new TimestampColumnWriter(id, context, t.Unit);
            case StructType s:
            {
                type.Kind = OrcType.Types.Kind.Struct;
                var children = new List<ColumnWriter>(s.Fields.Count);
                foreach (var child in s.Fields)
                {
                    type.FieldNames.Add(child.Name);
                    type.Subtypes.Add((uint)types.Count);
                    children.Add(Create(child, path + "." + child.Name, context, types, dictionaryCheckValues));
                }
                return new StructColumnWriter(id, context, children);
            }
            case MapType m:
            {
                type.Kind = OrcType.Types.Kind.Map;
                type.Subtypes.Add((uint)types.Count);
                var key = Create(m.KeyField, path + ".key", context, types, dictionaryCheckValues);
                type.Subtypes.Add((uint)types.Count);
                var value = Create(m.ValueField, path + ".value", context, types, dictionaryCheckValues);
                return new ListColumnWriter(id, context, [key, value], isMap: true);
            }
            case ListType l:
            {
                type.Kind = OrcType.Types.Kind.List;
                type.Subtypes.Add((uint)types.Count);
                var element = Create(l.ValueField, path + ".element", context, types, dictionaryCheckValues);
                return new ListColumnWriter(id, context, [element], isMap: false);
            }
            case UnionType u when u.Mode == UnionMode.Dense:
            {
                type.Kind = OrcType.Types.Kind.Union;
                // the reader's trailing Null child marks null union rows; it is no ORC alternative
                var last = u.Fields.Count - 1;
                var hasNullMarker = last >= 1 && u.Fields[last].DataType is NullType && u.Fields[last].Name == global::Sync.Orc.Schema.ArrowSchemaMapper.UnionNullFieldName;
                var alternatives = hasNullMarker ? last : u.Fields.Count;
                var children = new List<ColumnWriter>(alternatives);
                for (var c = 0; c < alternatives; c++)
                {
                    type.Subtypes.Add((uint)types.Count);
                    children.Add(Create(u.Fields[c], path + "." + c.ToString(CultureInfo.InvariantCulture), context, types, dictionaryCheckValues));
                }
                return new UnionColumnWriter(id, context, children, u.TypeIds, hasNullMarker ? u.TypeIds[last] : -1);
            }
            default:
                throw new ArgumentException($"field '{path}': Arrow type {field.DataType.Name} has no ORC mapping (sparse unions, large and view types are not written)");
        }
    }

    private static void SetStringKind(OrcType type, Field field, string path)
    {
        type.Kind = OrcType.Types.Kind.String;
        if (!field.HasMetadata || !field.Metadata.TryGetValue(OrcTypeMetadataKey, out var declared)) return;
        var text = declared.Trim().ToLowerInvariant();
        if (text == "string") return;
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.EndsWith(')');
        if (open > 0 && close
            && uint.TryParse(text.AsSpan(open + 1, text.Length - open - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            && length > 0)
        {
            var name = text[..open];
            if (name == "char")
            {
                type.Kind = OrcType.Types.Kind.Char;
                type.MaximumLength = length;
                return;
            }
            if (name == "varchar")
            {
                type.Kind = OrcType.Types.Kind.Varchar;
                type.MaximumLength = length;
                return;
            }
        }
        throw new ArgumentException($"field '{path}': metadata {OrcTypeMetadataKey}='{declared}' is not string, char(n) or varchar(n)");
    }
}
