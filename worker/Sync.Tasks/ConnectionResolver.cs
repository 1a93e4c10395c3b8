namespace Sync.Tasks;

/// <summary>
/// Resolves a connection name to its connection string. Connections never appear in DAG files or specs:
/// they come from the environment (<c>SYNC_CONNECTION_&lt;NAME&gt;</c>, name upper-cased, '-' and '.' as '_')
/// or from a file named after the connection in the folder <c>SYNC_CONNECTIONS_DIR</c> (a mounted Secret).
/// </summary>
public sealed class ConnectionResolver
{
    private readonly Func<string, string?> _getEnv;

    public ConnectionResolver() : this(Environment.GetEnvironmentVariable) { }

    public ConnectionResolver(Func<string, string?> getEnv) => _getEnv = getEnv ?? throw new ArgumentNullException(nameof(getEnv));

    public static string EnvironmentVariableFor(string name) =>
        "SYNC_CONNECTION_" + name.ToUpperInvariant().Replace('-', '_').Replace('.', '_');

    public string? TryResolve(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var fromEnv = _getEnv(EnvironmentVariableFor(name));
        if (!string.IsNullOrEmpty(fromEnv)) return fromEnv;
        var dir = _getEnv("SYNC_CONNECTIONS_DIR");
        if (!string.IsNullOrEmpty(dir))
        {
            var file = Path.Combine(dir, name);
            if (File.Exists(file)) return File.ReadAllText(file).Trim();
        }
        return null;
    }

    public string Resolve(string name) => TryResolve(name)
        ?? throw new InvalidOperationException(
            $"connection '{name}' is not configured: set {EnvironmentVariableFor(name)} or put a file named '{name}' in SYNC_CONNECTIONS_DIR");
}
