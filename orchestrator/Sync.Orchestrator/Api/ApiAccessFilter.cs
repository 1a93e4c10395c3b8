using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Sync.Api.Contracts;

namespace Sync.Orchestrator.Api;

/// <summary>
/// Guards every <c>/api/v1</c> endpoint: with <see cref="WebAccessOptions.ApiToken"/> set, requests must carry
/// <c>Authorization: Bearer &lt;token&gt;</c> (401 otherwise); without it, only local requests are answered (403 otherwise).
/// </summary>
public sealed class ApiAccessFilter(IOptionsMonitor<WebAccessOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var access = options.CurrentValue;
        var http = context.HttpContext;
        if (access.ApiUsesToken)
        {
            if (!SecretComparer.Matches(ReadBearer(http.Request), access.ApiToken!))
            {
                http.Response.Headers.WWWAuthenticate = "Bearer realm=\"sync\"";
                return Results.Json(new ApiProblem { Status = StatusCodes.Status401Unauthorized, Error = "a valid bearer token is required (Authorization: Bearer <token>)" },
                    ApiJson.Options, statusCode: StatusCodes.Status401Unauthorized);
            }
        }
        else if (!LocalRequest.IsLocal(http.Connection))
        {
            return Results.Json(new ApiProblem { Status = StatusCodes.Status403Forbidden, Error = $"the API answers only local requests unless {WebAccessOptions.SectionName}:ApiToken is configured" },
                ApiJson.Options, statusCode: StatusCodes.Status403Forbidden);
        }
        return await next(context).ConfigureAwait(false);
    }

    private static string? ReadBearer(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : null;
    }
}
