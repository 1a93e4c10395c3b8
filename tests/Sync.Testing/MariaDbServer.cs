using MySqlConnector;

namespace Sync.Testing;

/// <summary>
/// A private MariaDB server for the test process, started once on a free loopback port and configured the way
/// the loader expects AnalyticDB to behave where it matters: utf8mb4_bin, 16 MB packets, LOAD DATA LOCAL on.
/// Each test makes its own database with <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class MariaDbServer : IDisposable
{
    public const string User = "sync";
    public const string Password = "sync-test";

    private static readonly SemaphoreSlim StartLock = new(1, 1);
    private static MariaDbServer? _shared;
    private static int _dbCounter;

    private readonly ServerProcess _process;

    private MariaDbServer(ServerProcess process, int port, string dataDir)
    {
        _process = process;
        Port = port;
        DataDir = dataDir;
    }

    public int Port { get; }
    public string DataDir { get; }

    public static string? Binary => FindBinary("mariadbd") ?? FindBinary("mysqld");

    public static bool IsInstalled => Binary != null;

    public static string SkipReason => "MariaDB is not installed (run scripts/install-test-deps.sh)";

    /// <summary>Server-level connection string (no database selected).</summary>
    public string ConnectionString => new MySqlConnectionStringBuilder
    {
        Server = "127.0.0.1",
        Port = (uint)Port,
        UserID = User,
        Password = Password,
        AllowLoadLocalInfile = true,
        AllowUserVariables = true,
        Pooling = true,
    }.ConnectionString;

    public string ConnectionStringFor(string database) =>
        new MySqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;

    /// <summary>The one server of this test process.</summary>
    public static async Task<MariaDbServer> GetAsync()
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

    /// <summary>Creates a fresh, uniquely named database and returns its name.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var name = $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _dbCounter)}".ToLowerInvariant();
        await using var conn = new MySqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new MySqlCommand($"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", conn);
        await cmd.ExecuteNonQueryAsync();
        return name;
    }

    private static async Task<MariaDbServer> StartAsync()
    {
        var binary = Binary ?? throw new InvalidOperationException(SkipReason);
        var dataDir = Path.Combine(Path.GetTempPath(), "sync-tests", $"mariadb-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDir);
        var installDb = FindBinary("mariadb-install-db") ?? FindBinary("mysql_install_db")
            ?? throw new InvalidOperationException("mariadb-install-db not found");
        ServerProcess.Run(installDb,
        [
            "--no-defaults", $"--datadir={dataDir}", "--auth-root-authentication-method=normal",
            "--skip-test-db", "--user=" + Environment.UserName,
        ], TimeSpan.FromMinutes(3));

        var port = FreePort.Next();
        var socket = Path.Combine(dataDir, "mysqld.sock");
        var process = new ServerProcess(binary,
        [
            "--no-defaults", $"--datadir={dataDir}", $"--socket={socket}", $"--port={port}", "--bind-address=127.0.0.1",
            "--user=" + Environment.UserName, $"--pid-file={Path.Combine(dataDir, "mysqld.pid")}",
            "--character-set-server=utf8mb4", "--collation-server=utf8mb4_bin",
            "--max-allowed-packet=16M", "--local-infile=1", "--skip-log-bin", "--skip-name-resolve",
            "--innodb-buffer-pool-size=256M", "--innodb-flush-log-at-trx-commit=2", "--innodb-log-file-size=128M",
            "--max-connections=500", "--sql-mode=STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION",
        ]);
        await FreePort.WaitListeningAsync(port, TimeSpan.FromSeconds(60), "mariadbd", () => process.Output);

        // root has no password on the socket; create the TCP user the tests use.
        var rootCs = new MySqlConnectionStringBuilder { Server = socket, ConnectionProtocol = MySqlConnectionProtocol.UnixSocket, UserID = "root" }.ConnectionString;
        await using (var conn = new MySqlConnection(rootCs))
        {
            await conn.OpenAsync();
            foreach (var sql in new[]
            {
                $"CREATE USER IF NOT EXISTS '{User}'@'%' IDENTIFIED BY '{Password}'",
                $"GRANT ALL PRIVILEGES ON *.* TO '{User}'@'%' WITH GRANT OPTION",
                "FLUSH PRIVILEGES",
            })
            {
                await using var cmd = new MySqlCommand(sql, conn);
                await cmd.ExecuteNonQueryAsync();
            }
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(dataDir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return new MariaDbServer(process, port, dataDir);
    }

    internal static string? FindBinary(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/usr/bin", "/usr/local/bin"]))
        {
            if (dir.Length == 0) continue;
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    public void Dispose() => _process.Dispose();
}
