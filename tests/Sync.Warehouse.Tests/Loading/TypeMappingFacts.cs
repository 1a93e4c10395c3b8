using Apache.Arrow;
using Apache.Arrow.Types;
using Sync.Testing;
using Sync.Warehouse.Dialects;
using Sync.Warehouse.Loading;

namespace Sync.Warehouse.Tests.Loading;

/// <summary>Each Arrow type of the ORC mapping, created by the MySQL dialect and loaded into MariaDB by both write paths.</summary>
public class TypeMappingFacts
{
    private const long NanosPerSecond = 1_000_000_000L;

    public static TheoryData<string, WriteMode> Cases()
    {
        var data = new TheoryData<string, WriteMode>();
        foreach (var name in CaseTable.Keys)
        {
            data.Add(name, WriteMode.Insert);
            data.Add(name, WriteMode.LoadData);
        }
        return data;
    }

    private sealed record Case(Func<IArrowArray> Build, string ColumnType, string?[] Expected, string Select = "CAST(v AS CHAR)", IReadOnlyDictionary<string, string>? Metadata = null);

    private static readonly Dictionary<string, Case> CaseTable = new()
    {
        ["boolean"] = new(() => new BooleanArray.Builder().Append(true).Append(false).AppendNull().Build(), "tinyint(1)", ["1", "0", null]),
        ["int8"] = new(() => new Int8Array.Builder().Append(sbyte.MinValue).Append(sbyte.MaxValue).AppendNull().Build(), "tinyint(4)", ["-128", "127", null]),
        ["int16"] = new(() => new Int16Array.Builder().Append(short.MinValue).Append(short.MaxValue).AppendNull().Build(), "smallint(6)", ["-32768", "32767", null]),
        ["int32"] = new(() => ArrowData.Ints(int.MinValue, int.MaxValue, null), "int(11)", ["-2147483648", "2147483647", null]),
        ["int64"] = new(() => ArrowData.Longs(long.MinValue, long.MaxValue, null), "bigint(20)", ["-9223372036854775808", "9223372036854775807", null]),
        ["float"] = new(() => new FloatArray.Builder().Append(1.5f).Append(-0.25f).Append(float.NaN).Append(float.PositiveInfinity).AppendNull().Build(),
            "float", ["1.5", "-0.25", null, null, null]),
        ["double"] = new(() => new DoubleArray.Builder().Append(0.1).Append(-1e300).Append(double.NaN).Append(double.NegativeInfinity).AppendNull().Build(),
            "double", ["0.1", "-1e300", null, null, null]),
        ["decimal38"] = new(() => ArrowData.Decimals(38, 10,
                Int128.Parse("12345678901234567890123456789012345678"), Int128.Parse("-99999999999999999999999999999999999999"), -5, 0, null),
            "decimal(38,10)",
            ["1234567890123456789012345678.9012345678", "-9999999999999999999999999999.9999999999", "-0.0000000005", "0.0000000000", null]),
        ["decimal0"] = new(() => ArrowData.Decimals(5, 0, 12345, -1, null), "decimal(5,0)", ["12345", "-1", null]),
        ["string"] = new(() => ArrowData.Strings("", "plain", "it's \"quoted\"", "tab\there", "new\nline\r\n", "back\\slash\\", "\\N", "emoji 😀 ünï", "a,b", null),
            "longtext", ["", "plain", "it's \"quoted\"", "tab\there", "new\nline\r\n", "back\\slash\\", "\\N", "emoji 😀 ünï", "a,b", null]),
        ["varchar"] = new(() => ArrowData.Strings("abc", "", null), "varchar(5)", ["abc", "", null],
            Metadata: new Dictionary<string, string> { ["orc.type"] = "varchar(5)" }),
        ["char"] = new(() => ArrowData.Strings("ab  ", null), "varchar(4)", ["ab  ", null],
            Metadata: new Dictionary<string, string> { ["orc.type"] = "char(4)" }),
        ["binary"] = new(() =>
            {
                var b = new BinaryArray.Builder();
                b.Append(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray().AsSpan());
                b.Append(ReadOnlySpan<byte>.Empty);
                b.Append("\"\\N,\n"u8);
                b.AppendNull();
                return b.Build();
            },
            "longblob",
            [Convert.ToHexString(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray()), "", Convert.ToHexString("\"\\N,\n"u8), null], Select: "HEX(v)"),
        ["date32"] = new(() => new Date32Array.Builder().Append(new DateTime(2024, 2, 29)).Append(new DateTime(1970, 1, 1)).Append(new DateTime(9999, 12, 31))
                .Append(new DateTime(1000, 1, 1)).AppendNull().Build(),
            "date", ["2024-02-29", "1970-01-01", "9999-12-31", "1000-01-01", null]),
        ["timestamp"] = new(() => ArrowData.Timestamps(null, 1714979289L * NanosPerSecond + 123_456_789, -1, 0, null),
            "datetime(6)", ["2024-05-06 07:08:09.123456", "1969-12-31 23:59:59.999999", "1970-01-01 00:00:00.000000", null]),
        ["timestamp_utc"] = new(() => ArrowData.Timestamps("UTC", 1714979289L * NanosPerSecond + 1_000, null),
            "datetime(6)", ["2024-05-06 07:08:09.000001", null]),
        ["struct"] = new(BuildStruct, "longtext",
            ["{\"a\":1,\"b\":\"x\\\"y\\\\\",\"d\":12.34,\"bin\":\"AQL/\",\"ts\":\"2024-05-06 07:08:09.123456\",\"f\":null}",
             "{\"a\":null,\"b\":\"\\uD83D\\uDE00\",\"d\":-0.05,\"bin\":\"\",\"ts\":null,\"f\":2.5}",
             null]),
        ["list"] = new(BuildList, "longtext", ["[1,2]", "[]", null, "[null,3]"]),
        ["map"] = new(BuildMap, "longtext", ["{\"a\":1,\"b\":null}", "{}", null]),
        ["union"] = new(BuildUnion, "longtext", ["{\"tag\":0,\"value\":5}", "{\"tag\":1,\"value\":\"hi\"}"]),
    };

    [MariaDbTheory]
    [MemberData(nameof(Cases))]
    public async Task Load_RoundTripsValues_ForEachArrowType(string typeCase, WriteMode mode)
    {
        var c = CaseTable[typeCase];
        var values = c.Build();
        var batch = ArrowData.Batch([("id", ArrowData.Sequence(values.Length), null), ("v", values, c.Metadata)]);
        await using var db = await WarehouseDb.CreateAsync();
        var columns = ArrowTypeMapping.MapSchema(batch.Schema);
        await db.ExecuteAsync(MySqlDialect.Instance.CreateTable(new WarehouseTableDefinition { Name = "t", Columns = columns, PrimaryKey = ["id"] }));

        var loader = new WarehouseLoader(db.Connection, MySqlDialect.Instance, "t", ["id", "v"], surrogateKey: false, new WarehouseLoaderOptions { WriteMode = mode });
        await loader.WriteAsync(batch);
        await loader.FlushAsync();

        var type = await db.RowsAsync($"SELECT column_type FROM information_schema.columns WHERE table_schema='{db.Database}' AND table_name='t' AND column_name='v'");
        Assert.Equal(c.ColumnType, (string)type[0][0]);
        var rows = await db.RowsAsync($"SELECT {c.Select} FROM t ORDER BY id");
        Assert.Equal(c.Expected, rows.Select(r => r[0] is DBNull ? null : (string)r[0]).ToArray());
    }

    [MariaDbFact]
    public async Task Load_WritesNestedValuesAsValidJson_WhenColumnIsJson()
    {
        await using var db = await WarehouseDb.CreateAsync();
        var batch = ArrowData.Batch(("id", ArrowData.Sequence(3)), ("v", BuildStruct()));
        await db.ExecuteAsync(MySqlDialect.Instance.CreateTable(new WarehouseTableDefinition { Name = "t", Columns = ArrowTypeMapping.MapSchema(batch.Schema), PrimaryKey = ["id"] }));
        var loader = new WarehouseLoader(db.Connection, MySqlDialect.Instance, "t", ["id", "v"], false, new WarehouseLoaderOptions { WriteMode = WriteMode.Insert });
        await loader.WriteAsync(batch);
        await loader.FlushAsync();
        var rows = await db.RowsAsync("SELECT JSON_VALID(v), JSON_VALUE(v, '$.d'), JSON_VALUE(v, '$.b') FROM t WHERE v IS NOT NULL ORDER BY id");
        Assert.All(rows, r => Assert.Equal(1, Convert.ToInt32(r[0])));
        Assert.Equal("12.34", rows[0][1]);
        Assert.Equal("x\"y\\", rows[0][2]);
    }

    [Fact]
    public void Map_ThrowsNamingColumn_WhenTypeHasNoMapping()
    {
        var field = new Field("when", Time32Type.Default, true);
        var ex = Assert.Throws<WarehouseSchemaException>(() => ArrowTypeMapping.Map(field));
        Assert.Contains("'when'", ex.Message);
    }

    private static StructArray BuildStruct()
    {
        var binary = new BinaryArray.Builder().Append(new byte[] { 1, 2, 255 }.AsSpan()).Append(ReadOnlySpan<byte>.Empty).AppendNull().Build();
        var children = new IArrowArray[]
        {
            ArrowData.Ints(1, null, 3),
            ArrowData.Strings("x\"y\\", "😀", null),
            ArrowData.Decimals(10, 2, 1234, -5, null),
            binary,
            ArrowData.Timestamps(null, 1714979289L * NanosPerSecond + 123_456_789, null, null),
            new DoubleArray.Builder().Append(double.NaN).Append(2.5).AppendNull().Build(),
        };
        var type = new StructType(
        [
            new Field("a", Int32Type.Default, true), new Field("b", StringType.Default, true), new Field("d", new Decimal128Type(10, 2), true),
            new Field("bin", BinaryType.Default, true), new Field("ts", children[4].Data.DataType, true), new Field("f", DoubleType.Default, true),
        ]);
        return new StructArray(type, 3, children, ArrowData.Validity(true, true, false), nullCount: 1);
    }

    private static ListArray BuildList()
    {
        var builder = new ListArray.Builder(Int32Type.Default);
        var values = (Int32Array.Builder)builder.ValueBuilder;
        builder.Append();
        values.Append(1).Append(2);
        builder.Append();
        builder.AppendNull();
        builder.Append();
        values.AppendNull().Append(3);
        return builder.Build();
    }

    private static MapArray BuildMap()
    {
        var type = new MapType(StringType.Default, Int32Type.Default);
        var entries = new StructArray(type.KeyValueType, 2, [ArrowData.Strings("a", "b"), ArrowData.Ints(1, null)], ArrowBuffer.Empty);
        return new MapArray(type, 3, ArrowData.Int32Buffer(0, 2, 2, 2), entries, ArrowData.Validity(true, true, false), nullCount: 1);
    }

    private static DenseUnionArray BuildUnion()
    {
        var type = new UnionType([new Field("i", Int32Type.Default, true), new Field("s", StringType.Default, true)], [0, 1], UnionMode.Dense);
        return new DenseUnionArray(type, 2, [ArrowData.Ints(5), ArrowData.Strings("hi")], new ArrowBuffer(new byte[] { 0, 1 }), ArrowData.Int32Buffer(0, 0));
    }
}
