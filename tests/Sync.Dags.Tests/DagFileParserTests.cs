using Sync.Testing;

namespace Sync.Dags.Tests;

public sealed class DagFileParserTests
{
    private static readonly DagLoadOptions Options = new()
    {
        IsKnownConnection = name => name == "warehouse",
        GetVariable = name => name == "SYNC_WAREHOUSE" ? "file:///data/wh" : null,
    };

    private const string Valid = """
        id: orders_dag
        schedule:
          cron: "0 2 * * *"
          time_zone: Asia/Shanghai
        start_date: 2026-11-01
        catchup: true
        defaults:
          retries: 3
          retry_delay: 1m
          timeout: 2h
          pod: { image: worker:1, cpu: "2", memory: 2Gi }
        tables:
          - source: ${SYNC_WAREHOUSE}/orders
            target: { connection: warehouse, database: dw, table: orders }
            partition_columns: [{ name: dt, type: date }]
            max_parallel_batches: 8
            allow_empty_source: true
            retries: 5
            depends_on: [prepare]
        tasks:
          - id: prepare
            command: ["echo", "hi"]
          - id: notify
            command: echo done
            depends_on: [orders]
        """;

    private static DagImportError SingleError(string yaml)
    {
        var result = DagFileParser.Parse("dags/x.yaml", yaml, Options);
        Assert.Null(result.Dag);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Parse_ReadsEverySetting_WhenFileIsValid()
    {
        var result = DagFileParser.Parse("dags/orders.yaml", Valid, Options);
        Assert.Empty(result.Errors);
        var dag = result.Dag!;
        Assert.Equal("orders_dag", dag.Id);
        Assert.Equal("Asia/Shanghai", dag.Schedule!.TimeZone.Id);
        // 02:00 in Shanghai is 18:00 UTC the day before
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 18, 0, 0, TimeSpan.Zero), dag.Schedule.NextAfter(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero)));
        var table = Assert.Single(dag.Tables);
        Assert.Equal("orders", table.Id);
        Assert.Equal("file:///data/wh/orders", table.Source);
        Assert.Equal(5, table.Execution.Retries);
        Assert.Equal(TimeSpan.FromHours(2), table.Execution.Timeout);
        Assert.Equal(2L * 1024 * 1024 * 1024, table.Execution.Pod.MemoryBytes);
        Assert.Equal("date", table.PartitionColumns[0].Type);
        Assert.Equal(8, table.MaxParallelBatches);
        Assert.True(table.AllowEmptySource);
        Assert.Equal(["/bin/sh", "-c", "echo done"], dag.Tasks[1].Command);
        Assert.Equal(3, dag.Tasks[0].Execution.Retries);
    }

    [Fact]
    public void Parse_NamesLineAndColumn_WhenKeyIsUnknown()
    {
        var error = SingleError("id: a\ntasks:\n  - id: t\n    command: [x]\n    retires: 3\n");
        Assert.Equal((5, 5), (error.Line, error.Column));
        Assert.Contains("unknown key 'retires'", error.Message);
        Assert.StartsWith("dags/x.yaml:5:5:", error.ToString());
    }

    [Fact]
    public void Parse_ReportsBadCron_AtTheCronValue()
    {
        var error = SingleError("id: a\nschedule:\n  cron: \"61 * * * *\"\ntasks:\n  - { id: t, command: [x] }\n");
        Assert.Equal(3, error.Line);
        Assert.Contains("bad cron '61 * * * *'", error.Message);
    }

    [Fact]
    public void Parse_ReportsCycle_NamingItsTasks()
    {
        var error = SingleError("id: a\ntasks:\n  - { id: t1, command: [x], depends_on: [t3] }\n  - { id: t2, command: [x], depends_on: [t1] }\n  - { id: t3, command: [x], depends_on: [t2] }\n");
        Assert.Contains("dependency cycle", error.Message);
        Assert.Contains("t1", error.Message);
        Assert.Contains("t2", error.Message);
        Assert.Contains("t3", error.Message);
    }

    [Fact]
    public void Parse_ReportsDuplicateId_AtTheSecondOne()
    {
        var error = SingleError("id: a\ntables:\n  - source: file:///x\n    target: { connection: warehouse, database: d, table: t }\ntasks:\n  - id: t\n    command: [x]\n");
        Assert.Equal((6, 9), (error.Line, error.Column));
        Assert.Contains("duplicate id 't'", error.Message);
    }

    [Fact]
    public void Parse_ReportsUnknownConnection_AtTheConnection()
    {
        var error = SingleError("id: a\ntables:\n  - source: file:///x\n    target:\n      connection: nowhere\n      database: d\n      table: t\n");
        Assert.Equal(5, error.Line);
        Assert.Contains("unknown connection 'nowhere'", error.Message);
    }

    [Fact]
    public void Parse_ReportsUnknownDependency_AndUnsetVariable()
    {
        var result = DagFileParser.Parse("x.yaml", "id: a\ntasks:\n  - { id: t, command: [\"${NOPE}\"], depends_on: [ghost] }\n", Options);
        Assert.Null(result.Dag);
        Assert.Contains(result.Errors, e => e.Message.Contains("${NOPE}", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ReportsSyntaxError_WithPosition()
    {
        var error = SingleError("id: a\ntasks: [\n  - x: \n");
        Assert.True(error.Line >= 2);
        Assert.Contains("not valid YAML", error.Message);
    }

    [Fact]
    public void Parse_AcceptsExampleDag_InRepository()
    {
        var path = Path.Combine(RepoPaths.Root, "dags", "example_orders.yaml");
        var result = DagFileParser.Parse(path, File.ReadAllText(path), Options);
        Assert.Empty(result.Errors);
        Assert.Equal("example_orders", result.Dag!.Id);
        Assert.Equal("file:///data/wh/orders", Assert.Single(result.Dag.Tables).Source);
    }
}
