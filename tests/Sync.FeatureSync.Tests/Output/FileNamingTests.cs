using Sync.FeatureSync.Jobs;
using Sync.FeatureSync.Output;

namespace Sync.FeatureSync.Tests.Output;

public sealed class FileNamingTests
{
    private static readonly DateTime Ts = new(2026, 11, 23, 10, 5, 7, 123);

    [Fact]
    public void RelativePath_NamesPartitionDayAndRange_WhenKeysArePlain()
    {
        var path = FileNaming.RelativePath("user_features", 3, DateOnly.FromDateTime(Ts),
            new SyncPosition(Ts, "42"), new SyncPosition(Ts.AddSeconds(1), "abc"), OutputFormat.Orc);

        Assert.Equal("user_features/dt=2026-11-23/part-003-20261123T100507123000_42-20261123T100508123000_abc.orc", path);
    }

    [Fact]
    public void RelativePath_HashesKeys_WhenTheyAreLongOrHaveOtherCharacters()
    {
        var a = FileNaming.RelativePath("t", 0, DateOnly.FromDateTime(Ts), new SyncPosition(Ts, "user/1"), new SyncPosition(Ts, new string('x', 40)), OutputFormat.Csv);
        var b = FileNaming.RelativePath("t", 0, DateOnly.FromDateTime(Ts), new SyncPosition(Ts, "user/2"), new SyncPosition(Ts, new string('x', 40)), OutputFormat.Csv);

        Assert.Matches(@"^t/dt=2026-11-23/part-000-20261123T100507123000_h[0-9a-f]{16}-20261123T100507123000_h[0-9a-f]{16}\.csv$", a);
        Assert.NotEqual(a, b);
        Assert.Equal(a, FileNaming.RelativePath("t", 0, DateOnly.FromDateTime(Ts), new SyncPosition(Ts, "user/1"), new SyncPosition(Ts, new string('x', 40)), OutputFormat.Csv));
    }
}
