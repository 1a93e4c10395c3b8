using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using Sync.FeatureSync.Output;

namespace Sync.FeatureSync.Tests.Output;

public sealed class CsvRowFileWriterTests
{
    [Fact]
    public async Task WriteAsync_QuotesOnlyWhenNeededAndTellsNullFromEmpty_WhenValuesAreAwkward()
    {
        var schema = new Schema([new Field("id", Int64Type.Default, true), new Field("label", StringType.Default, true),
            new Field("ts", new TimestampType(TimeUnit.Nanosecond, (string?)null), true), new Field("score", DoubleType.Default, true)], null);
        var batch = new RecordBatch(schema,
        [
            new Int64Array.Builder().Append(1).Append(2).Append(3).AppendNull().Build(),
            new StringArray.Builder().Append("a,b").Append("").AppendNull().Append("say \"hi\"\nbye").Build(),
            new TimestampArray.Builder(new TimestampType(TimeUnit.Nanosecond, (string?)null))
                .Append(new DateTimeOffset(2026, 11, 23, 10, 0, 0, 500, TimeSpan.Zero)).AppendNull().AppendNull().AppendNull().Build(),
            new DoubleArray.Builder().Append(0.1).Append(double.MaxValue).AppendNull().AppendNull().Build(),
        ], 4);
        using var output = new MemoryStream();

        await using (var writer = new CsvRowFileWriter(output, schema))
        {
            await writer.WriteAsync(batch, CancellationToken.None);
            await writer.CompleteAsync(CancellationToken.None);
        }

        Assert.Equal(
            "id,label,ts,score\r\n1,\"a,b\",2026-11-23 10:00:00.500000,0.1\r\n2,\"\",,1.7976931348623157E+308\r\n3,,,\r\n,\"say \"\"hi\"\"\nbye\",,\r\n",
            Encoding.UTF8.GetString(output.ToArray()));
    }
}
