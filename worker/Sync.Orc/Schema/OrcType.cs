using System.Text;
using Sync.Orc.Proto;

namespace Sync.Orc.Schema;

/// <summary>A node of the ORC type tree; <see cref="Id"/> is the column id (pre-order, root = 0).</summary>
internal sealed class OrcType
{
    private OrcType(int id, Proto.Type.Types.Kind kind)
    {
        Id = id;
        Kind = kind;
    }

    public const int MaxDepth = 100;

    public int Id { get; }

    public Proto.Type.Types.Kind Kind { get; }

    public IReadOnlyList<OrcType> Children { get; private set; } = [];

    /// <summary>Field names of a struct, one per child.</summary>
    public IReadOnlyList<string> FieldNames { get; private set; } = [];

    public int Precision { get; private set; }

    public int Scale { get; private set; }

    public int MaximumLength { get; private set; }

    /// <summary>The largest column id in this subtree.</summary>
    public int MaxId { get; private set; }

    /// <summary>Builds the tree from the footer's flattened type list, rejecting cycles and bad references.</summary>
    public static OrcType Build(IReadOnlyList<Proto.Type> types, Func<string, Exception> error)
    {
        if (types.Count == 0) throw error("footer has no types");
        var nodes = new OrcType[types.Count];
        // children always have larger ids than their parent; build from the end so they exist
        for (var id = types.Count - 1; id >= 0; id--)
        {
            var t = types[id];
            var node = new OrcType(id, t.Kind)
            {
                Precision = (int)Math.Min(t.Precision, int.MaxValue),
                Scale = (int)Math.Min(t.Scale, int.MaxValue),
                MaximumLength = (int)Math.Min(t.MaximumLength, int.MaxValue),
            };
            if (!Enum.IsDefined(t.Kind)) throw error($"type {id} has unknown kind {(int)t.Kind}");
            var children = new List<OrcType>(t.Subtypes.Count);
            var expected = id + 1;
            foreach (var sub in t.Subtypes)
            {
                // pre-order numbering: each child starts right after the previous sibling's subtree
                if (sub != expected || sub >= types.Count) throw error($"type {id} refers to subtype {sub}, expected {expected}");
                children.Add(nodes[sub]);
                expected = nodes[sub].MaxId + 1;
            }
            node.Children = children;
            node.MaxId = expected - 1;
            switch (t.Kind)
            {
                case Proto.Type.Types.Kind.Struct:
                    if (t.FieldNames.Count != children.Count) throw error($"struct type {id} has {children.Count} children but {t.FieldNames.Count} field names");
                    node.FieldNames = [.. t.FieldNames];
                    break;
                case Proto.Type.Types.Kind.List:
                    if (children.Count != 1) throw error($"list type {id} has {children.Count} children, expected 1");
                    break;
                case Proto.Type.Types.Kind.Map:
                    if (children.Count != 2) throw error($"map type {id} has {children.Count} children, expected 2");
                    break;
                case Proto.Type.Types.Kind.Union:
                    if (children.Count is 0 or > 127) throw error($"union type {id} has {children.Count} children");
                    break;
                case Proto.Type.Types.Kind.Decimal:
                    if (t.Precision > 38 || t.Scale > 38 || (t.Precision != 0 && t.Scale > t.Precision)) throw error($"decimal type {id} has precision {t.Precision} and scale {t.Scale}");
                    break;
                default:
                    if (children.Count != 0) throw error($"primitive type {id} ({t.Kind}) has children");
                    break;
            }
            nodes[id] = node;
        }
        if (nodes[0].MaxId != types.Count - 1) throw error($"the type tree covers {nodes[0].MaxId + 1} of {types.Count} types");
        // readers and printers recurse over the tree; refuse nesting no real schema has
        var depth = new int[types.Count];
        for (var id = 0; id < nodes.Length; id++)
        {
            if (depth[id] > MaxDepth) throw error($"type tree nests deeper than {MaxDepth} levels");
            foreach (var c in nodes[id].Children) depth[c.Id] = depth[id] + 1;
        }
        return nodes[0];
    }

    /// <summary>All nodes of the subtree in column id order.</summary>
    public void Collect(List<OrcType> into)
    {
        into.Add(this);
        foreach (var c in Children) c.Collect(into);
    }

    /// <summary>The Hive-style type name, e.g. <c>struct&lt;a:int,b:map&lt;string,double&gt;&gt;</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Append(sb);
        return sb.ToString();
    }

    private void Append(StringBuilder sb)
    {
        switch (Kind)
        {
            case Proto.Type.Types.Kind.Struct:
                sb.Append("struct<");
                for (var i = 0; i < Children.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    sb.Append(FieldNames[i]).Append(':');
                    Children[i].Append(sb);
                }
                sb.Append('>');
                break;
            case Proto.Type.Types.Kind.List:
                sb.Append("array<");
                Children[0].Append(sb);
                sb.Append('>');
                break;
            case Proto.Type.Types.Kind.Map:
                sb.Append("map<");
                Children[0].Append(sb);
                sb.Append(',');
                Children[1].Append(sb);
                sb.Append('>');
                break;
            case Proto.Type.Types.Kind.Union:
                sb.Append("uniontype<");
                for (var i = 0; i < Children.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    Children[i].Append(sb);
                }
                sb.Append('>');
                break;
            default:
                sb.Append(PrimitiveName());
                break;
        }
    }

    private string PrimitiveName() => Kind switch
    {
        Proto.Type.Types.Kind.Boolean => "boolean",
        Proto.Type.Types.Kind.Byte => "tinyint",
        Proto.Type.Types.Kind.Short => "smallint",
        Proto.Type.Types.Kind.Int => "int",
        Proto.Type.Types.Kind.Long => "bigint",
        Proto.Type.Types.Kind.Float => "float",
        Proto.Type.Types.Kind.Double => "double",
        Proto.Type.Types.Kind.String => "string",
        Proto.Type.Types.Kind.Binary => "binary",
        Proto.Type.Types.Kind.Timestamp => "timestamp",
        Proto.Type.Types.Kind.TimestampInstant => "timestamp with local time zone",
        Proto.Type.Types.Kind.Date => "date",
        Proto.Type.Types.Kind.Decimal => $"decimal({Precision},{Scale})",
        Proto.Type.Types.Kind.Varchar => $"varchar({MaximumLength})",
        Proto.Type.Types.Kind.Char => $"char({MaximumLength})",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
