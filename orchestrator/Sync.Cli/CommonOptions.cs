using System.CommandLine;

namespace Sync.Cli;

/// <summary>Options every command takes: where the server is, how long to wait, how to print.</summary>
public sealed class CommonOptions
{
    /// <summary>Address used when neither --server nor SYNC_SERVER says otherwise.</summary>
    public const string DefaultServer = "http://127.0.0.1:8080";

    /// <summary>Seconds to wait for the server before giving up.</summary>
    public const double DefaultTimeoutSeconds = 10;

    public Option<string> Server { get; } = new("--server")
    {
        Description = "Orchestrator base URL (default: $SYNC_SERVER, else " + DefaultServer + ")",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SYNC_SERVER") is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultServer,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the server's JSON instead of a table",
        Recursive = true,
    };

    public Option<double> TimeoutSeconds { get; } = new("--timeout")
    {
        Description = "Seconds to wait for the server",
        Recursive = true,
        DefaultValueFactory = _ => DefaultTimeoutSeconds,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "Bearer token for the API (default: $SYNC_API_TOKEN)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SYNC_API_TOKEN"),
    };

    public void AddTo(Command root)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Options.Add(Server);
        root.Options.Add(Json);
        root.Options.Add(TimeoutSeconds);
        root.Options.Add(Token);
    }
}
