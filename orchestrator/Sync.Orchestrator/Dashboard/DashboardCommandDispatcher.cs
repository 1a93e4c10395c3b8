using System.Text.RegularExpressions;
using Hangfire.Dashboard;
using Sync.Scheduling;

namespace Sync.Orchestrator.Dashboard;

/// <summary>
/// Handles a dashboard form POST (Hangfire has already checked authorization and the antiforgery token) and answers
/// 303 See Other back to a page, carrying the outcome as <c>?message=</c> or a refusal as <c>?error=</c>.
/// </summary>
public sealed class DashboardCommandDispatcher(
    Func<Match, string> returnPath,
    Func<DashboardContext, Match, IDagOperations, CancellationToken, Task<DashboardCommandOutcome>> command) : IDashboardDispatcher
{
    public async Task Dispatch(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.GetHttpContext();
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            http.Response.Headers.Allow = "POST";
            return;
        }
        if (context.IsReadOnly)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        var operations = http.RequestServices.GetRequiredService<IDagOperations>();
        string target;
        try
        {
            var outcome = await command(context, context.UriMatch, operations, http.RequestAborted).ConfigureAwait(false);
            target = WithQuery(outcome.RedirectPath, "message", outcome.Message);
        }
        catch (DagOperationException ex)
        {
            target = WithQuery(returnPath(context.UriMatch), "error", ex.Message);
        }
        catch (DashboardInputException ex)
        {
            target = WithQuery(returnPath(context.UriMatch), "error", ex.Message);
        }
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        http.Response.Headers.Location = new UrlHelper(context).To(target);
    }

    private static string WithQuery(string path, string name, string value) => $"{path}?{name}={Uri.EscapeDataString(value)}";
}
