using System.CommandLine;
using System.Text.Json;
using Sync.Api.Contracts;

namespace Sync.Cli;

/// <summary>What a command's call gets: the API client, its parsed arguments, where to print and in which form.</summary>
public sealed class CommandContext(SyncApiClient client, ParseResult parseResult, TextWriter output, bool json)
{
    public SyncApiClient Client { get; } = client;

    public ParseResult ParseResult { get; } = parseResult;

    public TextWriter Output { get; } = output;

    /// <summary>True when --json asked for the server's JSON rather than a table.</summary>
    public bool Json { get; } = json;

    public CancellationToken CancellationToken { get; init; }

    /// <summary>Prints <paramref name="value"/> as indented JSON.</summary>
    public Task WriteJsonAsync<T>(T value) =>
        Output.WriteLineAsync(JsonSerializer.Serialize(value, IndentedJson));

    private static readonly JsonSerializerOptions IndentedJson = new(ApiJson.Options) { WriteIndented = true };
}
