using Npgsql;

namespace Sync.Testing;

/// <summary>
/// A private PostgreSQL 15 server for the test process on a free loopback port (trust auth, loopback only).
/// PostgreSQL refuses to run as root, so under root it runs as the 'postgres' system user.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private static readonly SemaphoreSlim StartLock = new(1, 1);
    private static PostgresServer? _shared;
    private static int _dbCounter;

    private readonly ServerProcess _process;

    private PostgresServer(ServerProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static string? BinDir => Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "postgres"))).OrderDescending().FirstOrDefault()
        : null;

    public static bool IsInstalled => BinDir != null;

    public static string SkipReason => "PostgreSQL is not installed (run scripts/install-test-deps.sh)";

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=true";

    public string ConnectionStringFor(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true";

    public static async Task<PostgresServer> GetAsync()
    {
        if (_shared != null) return _shared;
        await StartLock.WaitAsync();
        try
        {
            return _shared ??= await StartAsync();
        }
        finally
        {
            StartLock.Release();
        }
    }

    public async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var name = $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _dbCounter)}".ToLowerInvariant();
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
        await cmd.ExecuteNonQueryAsync();
        return name;
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var bin = BinDir ?? throw new InvalidOperationException(SkipReason);
        var asRoot = Environment.UserName == "root";
        // a folder of its own: other fixtures create and delete folders under sync-tests while this one is chowned
        var baseDir = Path.Combine(Path.GetTempPath(), "sync-tests-pg", $"pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var dataDir = Path.Combine(baseDir, "data");
        Directory.CreateDirectory(baseDir);
        if (asRoot) ServerProcess.Run("chown", ["-R", "postgres:postgres", baseDir]);

        string[] Wrap(string exe, params string[] args) => asRoot ? ["-u", "postgres", "--", exe, .. args] : [.. args];
        string Runner(string exe) => asRoot ? "runuser" : exe;

        var initdb = Path.Combine(bin, "initdb");
        ServerProcess.Run(Runner(initdb), Wrap(initdb, "-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"), TimeSpan.FromMinutes(2));
        var port = FreePort.Next();
        var postgres = Path.Combine(bin, "postgres");
        var process = new ServerProcess(Runner(postgres), Wrap(postgres, "-D", dataDir, "-p", port.ToString(), "-k", baseDir,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=300", "-c", "shared_buffers=64MB"));
        await FreePort.WaitListeningAsync(port, TimeSpan.FromSeconds(60), "postgres", () => process.Output);
        // the port opens a moment before the server accepts logins
        for (var i = 0; ; i++)
        {
            try
            {
                await using var conn = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false");
                await conn.OpenAsync();
                break;
            }
            catch (NpgsqlException) when (i < 50)
            {
                await Task.Delay(200);
            }
        }
        return new PostgresServer(process, port);
    }

    public void Dispose() => _process.Dispose();
}
