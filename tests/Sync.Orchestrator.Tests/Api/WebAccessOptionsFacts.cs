using Sync.Orchestrator.Api;

namespace Sync.Orchestrator.Tests.Api;

public sealed class WebAccessOptionsFacts
{
    [Fact]
    public void Validate_NamesBothSettings_WhenOnlyUserIsSet()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new WebAccessOptions { DashboardUser = "admin" }.Validate());

        Assert.Contains("Sync:Web:DashboardUser", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Sync:Web:DashboardPassword", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Refuses_WhenUserHoldsColon()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new WebAccessOptions { DashboardUser = "a:b", DashboardPassword = "p" }.Validate());

        Assert.Contains("':'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SecretComparer_Matches_OnlyEqualSecrets()
    {
        Assert.True(SecretComparer.Matches("s3cret", "s3cret"));
        Assert.False(SecretComparer.Matches("s3cret ", "s3cret"));
        Assert.False(SecretComparer.Matches(null, "s3cret"));
    }
}
