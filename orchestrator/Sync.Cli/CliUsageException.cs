namespace Sync.Cli;

/// <summary>An argument the parser accepted but the command cannot use (e.g. a --param without '=').</summary>
public sealed class CliUsageException(string message) : Exception(message);
