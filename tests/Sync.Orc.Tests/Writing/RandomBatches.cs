using System.Buffers.Binary;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Sync.Orc.Tests.Writing;

using Schema = Apache.Arrow.Schema;

/// <summary>Seeded random Arrow batches of every type the writer maps, with nulls, extremes and nesting.</summary>
internal sealed class RandomBatches
{
    private const long NanosPerDay = 86_400_000_000_000;
    private readonly Random _random;

    public RandomBatches(int seed) => _random = new Random(seed);

    public static Schema Schema { get; } = new(
    [
        new Field("b", BooleanType.Default, true),
        new Field("i8", Int8Type.Default, true),
        new Field("i16", Int16Type.Default, true),
        new Field("i32", Int32Type.Default, true),
        new Field("i64", Int64Type.Default, true),
        new Field("f", FloatType.Default, true),
        new Field("d", DoubleType.Default, true),
        new Field("s", StringType.Default, true),
        new Field("low", StringType.Default, true),
        new Field("vc", StringType.Default, true, [new KeyValuePair<string, string>("orc.type", "varchar(20)")]),
        new Field("bin", BinaryType.Default, true),
        new Field("dec38", new Decimal128Type(38, 10), true),
        new Field("dec12", new Decimal128Type(12, 2), true),
        new Field("date", Date32Type.Default, true),
        new Field("ts", new TimestampType(TimeUnit.Nanosecond, (string?)null), true),
        new Field("tsu", new TimestampType(TimeUnit.Nanosecond, "UTC"), true),
        new Field("st", new StructType([new Field("a", Int32Type.Default, true), new Field("t", StringType.Default, true)]), true),
        new Field("ls", new ListType(new Field("item", new StructType([new Field("x", Int64Type.Default, true), new Field("y", DoubleType.Default, true)]), true)), true),
        new Field("m", new MapType(new Field("key", StringType.Default, false), new Field("value", Int32Type.Default, true)), true),
        new Field("u", new UnionType([new Field("ui", Int32Type.Default, true), new Field("us", StringType.Default, true)], [0, 1], UnionMode.Dense), true),
    ], null);

    public RecordBatch Next(int rows)
    {
        var arrays = new IArrowArray[]
        {
            Booleans(rows), Int8s(rows), Int16s(rows), Int32s(rows), Int64s(rows), Floats(rows), Doubles(rows),
            Strings(rows, 12), LowCardinality(rows), Strings(rows, 20), Binaries(rows), Decimals(rows, 38, 10), Decimals(rows, 12, 2),
            Dates(rows), Timestamps(rows, null), Timestamps(rows, "UTC"), Structs(rows), ListsOfStructs(rows), Maps(rows), Unions(rows),
        };
        return new RecordBatch(Schema, arrays, rows);
    }

    private bool IsNull() => _random.Next(10) == 0;

    private IArrowArray Booleans(int rows)
    {
        var b = new BooleanArray.Builder();
        for (var i = 0; i < rows; i++)
        {
            if (IsNull()) b.AppendNull();
            else b.Append(_random.Next(3) == 0);
        }
        return b.Build();
    }

    private IArrowArray Int8s(int rows)
    {
        var b = new Int8Array.Builder();
        for (var i = 0; i < rows; i++)
        {
            if (IsNull()) b.AppendNull();
            else b.Append(_random.Next(4) == 0 ? sbyte.MinValue : (sbyte)_random.Next(-128, 128));
        }
        return b.Build();
    }

    private IArrowArray Int16s(int rows)
    {
        var b = new Int16Array.Builder();
        for (var i = 0; i < rows; i++)
        {
            if (IsNull()) b.AppendNull();
            else b.Append((short)_random.Next(short.MinValue, short.MaxValue + 1));
        }
        return b.Build();
    }

    private IArrowArray Int32s(int rows)
    {
        // runs, sequences and noise, so every RLE v2 sub-encoding is met
        var b = new Int32Array.Builder();
        var i = 0;
        while (i < rows)
        {
            var kind = _random.Next(4);
            var run = Math.Min(rows - i, _random.Next(1, 600));
            var start = _random.Next(-1000, 1000);
            for (var k = 0; k < run; k++, i++)
            {
                if (IsNull())
                {
                    b.AppendNull();
                    continue;
                }
                b.Append(kind switch
                {
                    0 => start,
                    1 => start + k * 3,
                    2 => _random.Next(100) == 0 ? _random.Next() : _random.Next(50),
                    _ => _random.Next(int.MinValue, int.MaxValue),
                });
            }
        }
        return b.Build();
    }

    private IArrowArray Int64s(int rows)
    {
        var b = new Int64Array.Builder();
        for (var i = 0; i < rows; i++)
        {
            if (IsNull())
            {
                b.AppendNull();
                continue;
            }
            b.Append(_random.Next(6) switch
            {
                0 => long.MinValue,
                1 => long.MaxValue,
                2 => i,
                3 => -i * 1_000_000_007L,
                _ => _random.NextInt64(long.MinValue, long.MaxValue),
            });
        }
        return b.Build();
    }

    private IArrowArray Floats(int rows)
    {
        var b = new FloatArray.Builder();
        for (var i = 0; i < rows; i++)
        {
            if (IsNull()) b.AppendNull();
            else b.Append(_random.Next(20) == 0 ? float.NaN : (float)(_random.NextDouble() * 2e6 - 1e6));
        }
        return b.Build();
    }

    private IArrowArray Doubles(int rows)
    {
        var b = new DoubleArray.Builder();
        for (var i = 0; i < rows; i++)
        {
            if (IsNull())
            {
                b.AppendNull();
                continue;
            }
            b.Append(_random.Next(10) switch
            {
                0 => double.NaN,
                1 => double.NegativeInfinity,
                2 => double.MaxValue,
                3 => -0.0,
                _ => _random.NextDouble() * 1e12 - 5e11,
            });
        }
        return b.Build();
    }

    private string Text(int maxLength)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzÄé漢字 0123456789";
        var length = _random.Next(0, maxLength + 1);
        var chars = new char[length];
        for (var k = 0; k < length; k++) chars[k] = alphabet[_random.Next(alphabet.Length)];
        return new string(chars);
    }

    private IArrowArray Strings(int rows, int maxLength)
    {
        var b = new StringArray.Builder();
        for (var i = 0; i < rows; i++)
        {
            if (IsNull()) b.AppendNull();
            else b.Append(Text(maxLength));
        }
        return b.Build();
    }

    private IArrowArray LowCardinality(int rows)
    {
        var b = new StringArray.Builder();
        for (var i = 0; i < rows; i++)
        {
            if (IsNull()) b.AppendNull();
            else b.Append(_random.Next(6) switch { 0 => string.Empty, var n => "value-" + n });
        }
        return b.Build();
    }

    private IArrowArray Binaries(int rows)
    {
        var b = new BinaryArray.Builder();
        for (var i = 0; i < rows; i++)
        {
            if (IsNull())
            {
                b.AppendNull();
                continue;
            }
            var bytes = new byte[_random.Next(0, 9)];
            _random.NextBytes(bytes);
            b.Append(bytes.AsSpan());
        }
        return b.Build();
    }

    private IArrowArray Decimals(int rows, int precision, int scale)
    {
        var limit = Int128.Parse(new string('9', precision), System.Globalization.CultureInfo.InvariantCulture);
        var values = new byte[rows * 16];
        var validity = new byte[(rows + 7) / 8];
        var nulls = 0;
        for (var i = 0; i < rows; i++)
        {
            if (IsNull())
            {
                nulls++;
                continue;
            }
            BitUtility.SetBit(validity, i);
            Int128 value = _random.Next(5) switch
            {
                0 => limit,
                1 => -limit,
                2 => 0,
                _ => ((Int128)_random.NextInt64() * _random.NextInt64()) % (limit + 1),
            };
            BinaryPrimitives.WriteInt128LittleEndian(values.AsSpan(i * 16), value);
        }
        var data = new ArrayData(new Decimal128Type(precision, scale), rows, nulls, 0, [new ArrowBuffer(validity), new ArrowBuffer(values)]);
        return new Decimal128Array(data);
    }

    private IArrowArray Dates(int rows)
    {
        var b = new Date32Array.Builder();
        for (var i = 0; i < rows; i++)
        {
            if (IsNull()) b.AppendNull();
            else b.Append(new DateTime(1, 1, 1).AddDays(_random.Next(0, 3_652_058)));
        }
        return b.Build();
    }

    private IArrowArray Timestamps(int rows, string? zone)
    {
        var values = new long[rows];
        var validity = new byte[(rows + 7) / 8];
        var nulls = 0;
        for (var i = 0; i < rows; i++)
        {
            if (IsNull())
            {
                nulls++;
                continue;
            }
            BitUtility.SetBit(validity, i);
            // 1700..2200, with whole seconds, milliseconds and nanoseconds; (-1 s, 0) is left out (ORC cannot hold it)
            var days = _random.NextInt64(-98_000, 84_000);
            var nanos = _random.Next(3) switch
            {
                0 => 0,
                1 => _random.NextInt64(0, 1000) * 1_000_000,
                _ => _random.NextInt64(0, 1_000_000_000),
            };
            var value = days * NanosPerDay + _random.NextInt64(0, 86_400) * 1_000_000_000 + nanos;
            if (value is > -1_000_000_000 and < 0) value = -1_000_000_000;
            values[i] = value;
        }
        var type = new TimestampType(TimeUnit.Nanosecond, zone);
        var buffer = new ArrowBuffer(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        return new TimestampArray(new ArrayData(type, rows, nulls, 0, [new ArrowBuffer(validity), buffer]));
    }

    private (ArrowBuffer Validity, int Nulls) Validity(int rows)
    {
        var validity = new byte[(rows + 7) / 8];
        var nulls = 0;
        for (var i = 0; i < rows; i++)
        {
            if (IsNull()) nulls++;
            else BitUtility.SetBit(validity, i);
        }
        return (new ArrowBuffer(validity), nulls);
    }

    private IArrowArray Structs(int rows)
    {
        var type = (StructType)Schema.FieldsList[16].DataType;
        var (validity, nulls) = Validity(rows);
        return new StructArray(type, rows, [Int32s(rows), Strings(rows, 5)], validity, nulls);
    }

    private IArrowArray ListsOfStructs(int rows)
    {
        var type = (ListType)Schema.FieldsList[17].DataType;
        var (validity, nulls) = Validity(rows);
        var offsets = new int[rows + 1];
        for (var i = 0; i < rows; i++)
        {
            var present = BitUtility.GetBit(validity.Span, i);
            offsets[i + 1] = offsets[i] + (present ? _random.Next(0, 4) : 0);
        }
        var elements = offsets[rows];
        var elementType = (StructType)type.ValueDataType;
        var (elementValidity, elementNulls) = Validity(elements);
        var structs = new StructArray(elementType, elements, [Int64s(elements), Doubles(elements)], elementValidity, elementNulls);
        return new ListArray(type, rows, OffsetsBuffer(offsets), structs, validity, nulls);
    }

    private IArrowArray Maps(int rows)
    {
        var type = (MapType)Schema.FieldsList[18].DataType;
        var (validity, nulls) = Validity(rows);
        var offsets = new int[rows + 1];
        for (var i = 0; i < rows; i++)
        {
            var present = BitUtility.GetBit(validity.Span, i);
            offsets[i + 1] = offsets[i] + (present ? _random.Next(0, 3) : 0);
        }
        var entries = offsets[rows];
        var keys = new StringArray.Builder();
        for (var k = 0; k < entries; k++) keys.Append("k" + _random.Next(1000));
        var pairs = new StructArray(type.KeyValueType, entries, [keys.Build(), Int32s(entries)], ArrowBuffer.Empty, 0);
        return new MapArray(type, rows, OffsetsBuffer(offsets), pairs, validity, nulls);
    }

    private IArrowArray Unions(int rows)
    {
        var type = (UnionType)Schema.FieldsList[19].DataType;
        var typeIds = new byte[rows];
        var valueOffsets = new int[rows];
        var counts = new int[2];
        for (var i = 0; i < rows; i++)
        {
            var tag = _random.Next(2);
            typeIds[i] = (byte)tag;
            valueOffsets[i] = counts[tag]++;
        }
        var children = new IArrowArray[] { Int32s(counts[0]), Strings(counts[1], 6) };
        return new DenseUnionArray(type, rows, children, new ArrowBuffer(typeIds), OffsetsBuffer(valueOffsets), 0);
    }

    private static ArrowBuffer OffsetsBuffer(int[] offsets) =>
        new(System.Runtime.InteropServices.MemoryMarshal.AsBytes(offsets.AsSpan()).ToArray());
}
