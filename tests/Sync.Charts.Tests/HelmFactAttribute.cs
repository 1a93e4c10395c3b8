using Sync.Testing;

namespace Sync.Charts.Tests;

/// <summary>A fact that needs the helm and kubectl binaries from scripts/install-test-deps.sh.</summary>
public sealed class HelmFactAttribute : FactAttribute
{
    public HelmFactAttribute()
    {
        if (!File.Exists(ChartTool.Helm) && !RepoPaths.ServersRequired)
        {
            Skip = $"helm is not installed at {ChartTool.Helm} (run scripts/install-test-deps.sh)";
        }
    }
}
