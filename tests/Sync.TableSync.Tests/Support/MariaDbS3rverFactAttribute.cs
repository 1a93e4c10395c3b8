using Sync.Testing;
using Xunit;

namespace Sync.TableSync.Tests.Support;

/// <summary>A fact that needs both MariaDB and s3rver; skipped with the reason when either is missing, unless CI demands servers.</summary>
public sealed class MariaDbS3rverFactAttribute : FactAttribute
{
    public MariaDbS3rverFactAttribute()
    {
        if (RepoPaths.ServersRequired) return;
        if (!MariaDbServer.IsInstalled) Skip = MariaDbServer.SkipReason;
        else if (!S3rverServer.IsInstalled) Skip = S3rverServer.SkipReason;
    }
}
