using Sync.Warehouse.Tables;

namespace Sync.Warehouse.Tests.Tables;

public class ColumnCompatibilityFacts
{
    [Fact]
    public void Mismatches_ListsEveryProblem_WhenTargetCannotBeFilled()
    {
        TargetColumn[] target =
        [
            new("id", "bigint", "bigint(20)", false, false),
            new("name", "varchar", "varchar(20)", true, false),
            new("born", "date", "date", true, false),
            new("gone", "int", "int(11)", true, false),
            new("blob", "longblob", "longblob", true, false),
        ];
        var source = new Dictionary<string, WarehouseColumnType>
        {
            ["id"] = WarehouseColumnType.Int,
            ["name"] = WarehouseColumnType.Binary,
            ["born"] = WarehouseColumnType.DateTime,
            ["blob"] = WarehouseColumnType.String,
        };
        var problems = ColumnCompatibility.Mismatches("people", target, source);
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("'name'", StringComparison.Ordinal) && p.Contains("binary", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'born'", StringComparison.Ordinal) && p.Contains("datetime", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'gone'", StringComparison.Ordinal) && p.Contains("no source column", StringComparison.Ordinal));
    }

    [Fact]
    public void Mismatches_IsEmpty_WhenTypesFit()
    {
        TargetColumn[] target = [new("n", "decimal", "decimal(10,2)", true, false), new("j", "json", "json", true, false), new("t", "datetime", "datetime(6)", true, false)];
        var source = new Dictionary<string, WarehouseColumnType>
        {
            ["n"] = WarehouseColumnType.BigInt,
            ["j"] = WarehouseColumnType.Json,
            ["t"] = WarehouseColumnType.DateTime,
        };
        Assert.Empty(ColumnCompatibility.Mismatches("x", target, source));
    }
}
