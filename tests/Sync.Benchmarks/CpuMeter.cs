using System.Diagnostics;
using System.Globalization;

namespace Sync.Benchmarks;

/// <summary>
/// CPU time spent by this process and by a server process (from /proc/PID/stat) between two readings: the work a
/// measurement cost, which a busy machine does not change the way it changes wall time.
/// </summary>
internal sealed class CpuMeter
{
    /// <summary>Linux reports utime and stime in clock ticks of 1/100 s (USER_HZ).</summary>
    private const double TicksPerSecond = 100;

    private readonly int _serverPid;
    private TimeSpan _client;
    private double _server;

    private CpuMeter(int serverPid)
    {
        _serverPid = serverPid;
        _client = Process.GetCurrentProcess().TotalProcessorTime;
        _server = ServerSeconds();
    }

    public static CpuMeter Start(int serverPid) => new(serverPid);

    /// <summary>Seconds of CPU since the start: (this process, the server).</summary>
    public (double Client, double Server) Stop() =>
        ((Process.GetCurrentProcess().TotalProcessorTime - _client).TotalSeconds, ServerSeconds() - _server);

    private double ServerSeconds()
    {
        var stat = File.ReadAllText($"/proc/{_serverPid}/stat");
        // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the whole line.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>The server's pid from its pid file.</summary>
    public static int ServerPid(string dataDir) =>
        int.Parse(File.ReadAllText(Path.Combine(dataDir, "mysqld.pid")).Trim(), CultureInfo.InvariantCulture);
}
