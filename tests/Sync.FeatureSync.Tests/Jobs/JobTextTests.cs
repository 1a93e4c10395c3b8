using Sync.FeatureSync.Jobs;

namespace Sync.FeatureSync.Tests.Jobs;

public sealed class JobTextTests
{
    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("5s", 5_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("10m", 600_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("00:00:07", 7_000)]
    public void ParseDuration_ReturnsTheSpan_WhenTheTextHasAUnit(string text, int ms) =>
        Assert.Equal(TimeSpan.FromMilliseconds(ms), JobText.ParseDuration(text));

    [Theory]
    [InlineData("64KB", 64L << 10)]
    [InlineData("128MB", 128L << 20)]
    [InlineData("1GB", 1L << 30)]
    [InlineData("4096", 4096)]
    public void ParseSize_ReturnsBytes_WhenTheTextHasAUnit(string text, long bytes) => Assert.Equal(bytes, JobText.ParseSize(text));

    [Theory]
    [InlineData("full", SyncMode.Full)]
    [InlineData("incremental", SyncMode.Incremental)]
    [InlineData("full-and-incremental", SyncMode.FullAndIncremental)]
    public void ParseMode_RoundTrips_WhenTheNameIsKnown(string text, SyncMode mode)
    {
        Assert.Equal(mode, JobText.ParseMode(text));
        Assert.Equal(text, JobText.ModeName(mode));
    }

    [Fact]
    public void SyncPositionParse_KeepsSlashesInTheKey_WhenTheKeyHasThem()
    {
        var p = SyncPosition.Parse("2026-11-23T10:00:00.123456/user/42");

        Assert.Equal(new DateTime(2026, 11, 23, 10, 0, 0).AddTicks(1_234_560), p.Timestamp);
        Assert.Equal("user/42", p.Key);
        Assert.Equal("2026-11-23T10:00:00.123456/user/42", p.ToString());
    }

    [Fact]
    public void Validate_Throws_WhenFullModeGetsAStartTime()
    {
        var job = new FeatureSyncJob
        {
            JobId = "j", SourceConnection = "c", Table = "t", KeyColumn = "id", TimestampColumn = "ts",
            Destinations = ["file:///x"], Mode = SyncMode.Full, StartTimestamp = DateTime.Today,
        };

        var ex = Assert.Throws<FeatureSyncConfigurationException>(job.Validate);

        Assert.Contains("start-ts", ex.Message, StringComparison.Ordinal);
    }
}
