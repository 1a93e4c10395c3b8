using System.CommandLine;

namespace Sync.Worker.Commands;

/// <summary>`feature-sync create|status|delete|run`: online → offline feature sync jobs.</summary>
public static class FeatureSyncCommands
{
    public static Command Build()
    {
        var sync = new Command("feature-sync", "Continuous online → offline feature sync");
        return sync;
    }
}
