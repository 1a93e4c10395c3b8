namespace Sync.Scheduling.Tests;

public sealed class TaskIdComparerTests
{
    [Fact]
    public void Compare_OrdersNumbersByValue_WhenIdsDifferInANumber()
    {
        string[] ids = ["orders.batch_10", "orders.batch_2", "orders.finish", "orders.batch_1", "orders.batch_100", "orders.batch_9", "orders.start"];

        var sorted = ids.Order(TaskIdComparer.Instance).ToArray();

        Assert.Equal(["orders.batch_1", "orders.batch_2", "orders.batch_9", "orders.batch_10", "orders.batch_100", "orders.finish", "orders.start"], sorted);
    }

    [Theory]
    [InlineData("batch_007", "batch_7", 0)]
    [InlineData("batch_007", "batch_8", -1)]
    [InlineData("a2b10", "a2b9", 1)]
    [InlineData("a", "a_1", -1)]
    [InlineData("b", "a_1", 1)]
    [InlineData("t1", "t1", 0)]
    [InlineData("x99999999999999999999999", "x100000000000000000000000", -1)] // longer than any integer type
    public void Compare_GivesSign_WhenComparingPairs(string x, string y, int sign)
    {
        Assert.Equal(sign, Math.Sign(TaskIdComparer.Instance.Compare(x, y)));
        Assert.Equal(-sign, Math.Sign(TaskIdComparer.Instance.Compare(y, x)));
    }

    [Fact]
    public void Compare_PutsNullFirst_WhenOneSideIsNull()
    {
        Assert.True(TaskIdComparer.Instance.Compare(null, "a") < 0);
        Assert.True(TaskIdComparer.Instance.Compare("a", null) > 0);
        Assert.Equal(0, TaskIdComparer.Instance.Compare(null, null));
    }
}
