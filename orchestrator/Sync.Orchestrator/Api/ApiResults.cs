using Microsoft.AspNetCore.Http;
using Sync.Api.Contracts;
using Sync.Scheduling;

namespace Sync.Orchestrator.Api;

/// <summary>Error answers of the REST API, always an <see cref="ApiProblem"/> body.</summary>
public static class ApiResults
{
    public static IResult Problem(int status, string error) =>
        Results.Json(new ApiProblem { Status = status, Error = error }, ApiJson.Options, statusCode: status);

    public static IResult NotFound(string error) => Problem(StatusCodes.Status404NotFound, error);

    public static IResult BadRequest(string error) => Problem(StatusCodes.Status400BadRequest, error);

    /// <summary>A refused operation: not found → 404, conflict → 409, invalid → 400.</summary>
    public static IResult From(DagOperationException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var status = exception.Error switch
        {
            DagOperationError.NotFound => StatusCodes.Status404NotFound,
            DagOperationError.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        return Problem(status, exception.Message);
    }

    public static IResult Ok<T>(T value) => Results.Json(value, ApiJson.Options);
}
