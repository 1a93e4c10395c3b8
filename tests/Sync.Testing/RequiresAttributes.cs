using Xunit;

namespace Sync.Testing;

/// <summary>A fact that needs MariaDB; skipped with the reason when it is not installed, unless CI demands servers.</summary>
public sealed class MariaDbFactAttribute : FactAttribute
{
    public MariaDbFactAttribute()
    {
        if (!MariaDbServer.IsInstalled && !RepoPaths.ServersRequired) Skip = MariaDbServer.SkipReason;
    }
}

public sealed class MariaDbTheoryAttribute : TheoryAttribute
{
    public MariaDbTheoryAttribute()
    {
        if (!MariaDbServer.IsInstalled && !RepoPaths.ServersRequired) Skip = MariaDbServer.SkipReason;
    }
}

public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!PostgresServer.IsInstalled && !RepoPaths.ServersRequired) Skip = PostgresServer.SkipReason;
    }
}

public sealed class S3rverFactAttribute : FactAttribute
{
    public S3rverFactAttribute()
    {
        if (!S3rverServer.IsInstalled && !RepoPaths.ServersRequired) Skip = S3rverServer.SkipReason;
    }
}

/// <summary>A fact that reads ../shared/orc-corpus; skipped, saying so, when the shared folder is absent.</summary>
public sealed class OrcCorpusFactAttribute : FactAttribute
{
    public OrcCorpusFactAttribute()
    {
        if (!RepoPaths.HasOrcCorpus) Skip = $"ORC corpus not found at {RepoPaths.OrcCorpus} (the shared folder beside the checkout)";
    }
}

public sealed class OrcCorpusTheoryAttribute : TheoryAttribute
{
    public OrcCorpusTheoryAttribute()
    {
        if (!RepoPaths.HasOrcCorpus) Skip = $"ORC corpus not found at {RepoPaths.OrcCorpus} (the shared folder beside the checkout)";
    }
}

/// <summary>Slow soak, fault and large-mutation runs: only when SYNC_SLOW_TESTS=1.</summary>
public sealed class SlowFactAttribute : FactAttribute
{
    public SlowFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SYNC_SLOW_TESTS") != "1") Skip = "slow test: set SYNC_SLOW_TESTS=1 to run";
    }
}
