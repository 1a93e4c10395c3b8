using System.Buffers.Binary;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Sync.Warehouse.Tests;

/// <summary>Builds Arrow arrays and batches for tests, including the nested and wide-decimal shapes builders make awkward.</summary>
internal static class ArrowData
{
    public static RecordBatch Batch(params (string Name, IArrowArray Array)[] columns) => Batch(columns.Select(c => (c.Name, c.Array, (IReadOnlyDictionary<string, string>?)null)).ToArray());

    public static RecordBatch Batch((string Name, IArrowArray Array, IReadOnlyDictionary<string, string>? Metadata)[] columns)
    {
        var schema = new Schema.Builder();
        foreach (var (name, array, metadata) in columns)
        {
            schema.Field(f =>
            {
                f.Name(name).DataType(array.Data.DataType).Nullable(true);
                if (metadata != null) f.Metadata(metadata);
            });
        }
        return new RecordBatch(schema.Build(), columns.Select(c => c.Array), columns[0].Array.Length);
    }

    public static Int32Array Ints(params int?[] values)
    {
        var b = new Int32Array.Builder();
        foreach (var v in values) if (v is null) b.AppendNull(); else b.Append(v.Value);
        return b.Build();
    }

    public static Int64Array Longs(params long?[] values)
    {
        var b = new Int64Array.Builder();
        foreach (var v in values) if (v is null) b.AppendNull(); else b.Append(v.Value);
        return b.Build();
    }

    public static StringArray Strings(params string?[] values)
    {
        var b = new StringArray.Builder();
        foreach (var v in values) if (v is null) b.AppendNull(); else b.Append(v);
        return b.Build();
    }

    public static Int32Array Sequence(int count) => Ints(Enumerable.Range(0, count).Select(i => (int?)i).ToArray());

    /// <summary>Decimal128 from unscaled 128-bit integers (any of 38 digits).</summary>
    public static Decimal128Array Decimals(int precision, int scale, params Int128?[] unscaled)
    {
        var values = new byte[unscaled.Length * 16];
        var validity = new byte[(unscaled.Length + 7) / 8];
        var nulls = 0;
        for (var i = 0; i < unscaled.Length; i++)
        {
            if (unscaled[i] is { } v)
            {
                BinaryPrimitives.WriteInt128LittleEndian(values.AsSpan(i * 16), v);
                validity[i / 8] |= (byte)(1 << (i % 8));
            }
            else nulls++;
        }
        var data = new ArrayData(new Decimal128Type(precision, scale), unscaled.Length, nulls, 0, [new ArrowBuffer(validity), new ArrowBuffer(values)]);
        return new Decimal128Array(data);
    }

    public static TimestampArray Timestamps(string? timezone, params long?[] nanos)
    {
        var values = new byte[nanos.Length * 8];
        var validity = new byte[(nanos.Length + 7) / 8];
        var nulls = 0;
        for (var i = 0; i < nanos.Length; i++)
        {
            if (nanos[i] is { } v)
            {
                BinaryPrimitives.WriteInt64LittleEndian(values.AsSpan(i * 8), v);
                validity[i / 8] |= (byte)(1 << (i % 8));
            }
            else nulls++;
        }
        var data = new ArrayData(new TimestampType(TimeUnit.Nanosecond, timezone), nanos.Length, nulls, 0, [new ArrowBuffer(validity), new ArrowBuffer(values)]);
        return new TimestampArray(data);
    }

    public static ArrowBuffer Validity(params bool[] valid)
    {
        var bytes = new byte[(valid.Length + 7) / 8];
        for (var i = 0; i < valid.Length; i++) if (valid[i]) bytes[i / 8] |= (byte)(1 << (i % 8));
        return new ArrowBuffer(bytes);
    }

    public static ArrowBuffer Int32Buffer(params int[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        return new ArrowBuffer(bytes);
    }
}
