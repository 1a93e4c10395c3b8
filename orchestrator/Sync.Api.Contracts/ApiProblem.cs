namespace Sync.Api.Contracts;

/// <summary>The body of every non-success answer of the REST API.</summary>
public sealed record ApiProblem
{
    public required int Status { get; init; }

    public required string Error { get; init; }
}
