namespace Sync.Api.Contracts;

/// <summary>A DAG file that failed to load, with the place of the fault.</summary>
public sealed record ImportErrorInfo
{
    public required string File { get; init; }

    public int? Line { get; init; }

    public int? Column { get; init; }

    public required string Message { get; init; }
}
