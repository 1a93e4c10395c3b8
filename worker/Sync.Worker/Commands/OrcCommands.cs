using System.CommandLine;

namespace Sync.Worker.Commands;

/// <summary>`orc dump|meta|scan|rewrite`: ORC tools built on the public reader and writer.</summary>
public static class OrcCommands
{
    public static Command Build()
    {
        var orc = new Command("orc", "Inspect, scan and rewrite ORC files");
        return orc;
    }
}
