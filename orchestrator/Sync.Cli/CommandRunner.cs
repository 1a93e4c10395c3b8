using System.CommandLine;

namespace Sync.Cli;

/// <summary>
/// Runs one command's call against the server and turns failures into a message on stderr and an exit code:
/// an unreachable server is <see cref="CliExitCodes.Unreachable"/>, an error answer <see cref="CliExitCodes.ServerError"/>.
/// </summary>
public sealed class CommandRunner(CommonOptions options)
{
    public CommonOptions Options { get; } = options;

    /// <summary>Binds <paramref name="call"/> as the action of <paramref name="command"/>.</summary>
    public void Bind(Command command, Func<CommandContext, Task> call)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(call);
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, call, cancellationToken));
    }

    private async Task<int> RunAsync(ParseResult parseResult, Func<CommandContext, Task> call, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var serverText = parseResult.GetValue(Options.Server) ?? CommonOptions.DefaultServer;
        if (!Uri.TryCreate(serverText, UriKind.Absolute, out var server) || (server.Scheme != Uri.UriSchemeHttp && server.Scheme != Uri.UriSchemeHttps))
        {
            await error.WriteLineAsync($"error: --server '{serverText}' is not an http(s) URL").ConfigureAwait(false);
            return CliExitCodes.Usage;
        }
        var timeoutSeconds = parseResult.GetValue(Options.TimeoutSeconds);
        if (timeoutSeconds <= 0 || double.IsNaN(timeoutSeconds))
        {
            await error.WriteLineAsync($"error: --timeout must be a positive number of seconds, got {timeoutSeconds}").ConfigureAwait(false);
            return CliExitCodes.Usage;
        }

        using var client = new SyncApiClient(server, TimeSpan.FromSeconds(timeoutSeconds), parseResult.GetValue(Options.Token));
        var context = new CommandContext(client, parseResult, output, parseResult.GetValue(Options.Json)) { CancellationToken = cancellationToken };
        try
        {
            await call(context).ConfigureAwait(false);
            return CliExitCodes.Success;
        }
        catch (SyncServerUnreachableException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return CliExitCodes.Unreachable;
        }
        catch (SyncApiException ex)
        {
            await error.WriteLineAsync($"error: {ex.ServerMessage} ({ex.Method} {ex.Uri.AbsolutePath} → {ex.StatusCode})").ConfigureAwait(false);
            return CliExitCodes.ServerError;
        }
        catch (CliUsageException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return CliExitCodes.Usage;
        }
    }
}
