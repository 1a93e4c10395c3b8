namespace Sync.Cli;

/// <summary>Exit codes of the admin command line, so scripts can tell a refused request from a missing server.</summary>
public static class CliExitCodes
{
    public const int Success = 0;

    /// <summary>The server answered with an error (unknown DAG or run, bad parameter, refused).</summary>
    public const int ServerError = 1;

    /// <summary>The command line itself was wrong.</summary>
    public const int Usage = 2;

    /// <summary>No answer from the server within the timeout, or nothing listens at the address.</summary>
    public const int Unreachable = 3;
}
