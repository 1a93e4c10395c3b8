using System.CommandLine;
using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using Sync.Orc;

namespace Sync.Worker.Commands;

/// <summary>`demo generate`: writes the example orders table as Hive-partitioned ORC files, for the quickstart.</summary>
public static class DemoCommands
{
    public static Command Build()
    {
        var demo = new Command("demo", "Example data for the quickstart");
        demo.Subcommands.Add(BuildGenerate());
        return demo;
    }

    private static Command BuildGenerate()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder of the table (partitions dt=YYYY-MM-DD are made under it)", Required = true };
        var days = new Option<int>("--days") { Description = "Number of daily partitions", DefaultValueFactory = _ => 3 };
        var filesPerDay = new Option<int>("--files-per-day") { Description = "ORC files per partition", DefaultValueFactory = _ => 2 };
        var rowsPerFile = new Option<int>("--rows-per-file") { Description = "Rows per ORC file", DefaultValueFactory = _ => 25_000 };
        var generate = new Command("generate", "Write the example orders table as ORC files") { output, days, filesPerDay, rowsPerFile };
        generate.SetAction(async (parse, ct) =>
        {
            var (d, f, r) = (parse.GetValue(days), parse.GetValue(filesPerDay), parse.GetValue(rowsPerFile));
            if (d < 1 || f < 1 || r < 0)
            {
                await Console.Error.WriteLineAsync("--days and --files-per-day must be at least 1, --rows-per-file at least 0").ConfigureAwait(false);
                return 2;
            }
            var total = await GenerateAsync(parse.GetValue(output)!.FullName, d, f, r, ct).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"wrote {total} rows in {d * f} files under {parse.GetValue(output)!.FullName}").ConfigureAwait(false);
            return 0;
        });
        return generate;
    }

    private static readonly Schema OrdersSchema = new Schema.Builder()
        .Field(new Field("order_id", Int64Type.Default, nullable: false))
        .Field(new Field("customer_id", Int32Type.Default, nullable: false))
        .Field(new Field("status", StringType.Default, nullable: true))
        .Field(new Field("amount", DoubleType.Default, nullable: true))
        .Field(new Field("created_at", new TimestampType(TimeUnit.Nanosecond, (string?)null), nullable: false))
        .Build();

    private static readonly string[] Statuses = ["created", "paid", "shipped", "delivered", "refunded"];

    private static async Task<long> GenerateAsync(string folder, int days, int filesPerDay, int rowsPerFile, CancellationToken ct)
    {
        // Seeded, so every run writes the same rows.
        var random = new Random(20261123);
        var firstDay = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        long orderId = 0;
        for (var day = 0; day < days; day++)
        {
            var date = firstDay.AddDays(day);
            var partition = Path.Combine(folder, "dt=" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Directory.CreateDirectory(partition);
            for (var file = 0; file < filesPerDay; file++)
            {
                var ids = new Int64Array.Builder();
                var customers = new Int32Array.Builder();
                var statuses = new StringArray.Builder();
                var amounts = new DoubleArray.Builder();
                var created = new TimestampArray.Builder((TimestampType)OrdersSchema.GetFieldByName("created_at").DataType);
                for (var i = 0; i < rowsPerFile; i++)
                {
                    ids.Append(++orderId);
                    customers.Append(random.Next(1, 50_000));
                    if (random.Next(50) == 0) statuses.AppendNull(); else statuses.Append(Statuses[random.Next(Statuses.Length)]);
                    if (random.Next(100) == 0) amounts.AppendNull(); else amounts.Append(Math.Round(random.NextDouble() * 1000, 2));
                    created.Append(new DateTimeOffset(date.AddSeconds(random.Next(86_400)), TimeSpan.Zero));
                }
                var batch = new RecordBatch(OrdersSchema, [ids.Build(), customers.Build(), statuses.Build(), amounts.Build(), created.Build()], rowsPerFile);
                var path = Path.Combine(partition, $"part-{file:D5}.orc");
                await using var stream = File.Create(path);
                await using var writer = new OrcWriter(stream, OrdersSchema);
                if (rowsPerFile > 0) await writer.WriteAsync(batch, ct).ConfigureAwait(false);
                await writer.CloseAsync(ct).ConfigureAwait(false);
            }
        }
        return orderId;
    }
}
