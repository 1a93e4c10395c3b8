using System.Text.RegularExpressions;
using Hangfire.Dashboard;

namespace Sync.Orchestrator.Dashboard;

/// <summary>
/// Serves a dashboard page whose data must be read asynchronously first. Hangfire renders pages synchronously, so
/// the data is loaded here and handed to the page, which then renders through Hangfire's own page dispatcher
/// (layout, navigation, antiforgery token and all).
/// </summary>
public sealed class AsyncPageDispatcher(Func<DashboardContext, Match, CancellationToken, Task<RazorPage>> load) : IDashboardDispatcher
{
    public async Task Dispatch(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.GetHttpContext();
        var page = await load(context, context.UriMatch, http.RequestAborted).ConfigureAwait(false);
        if (page is NotFoundPage) context.Response.StatusCode = StatusCodes.Status404NotFound;

        var single = new Hangfire.Dashboard.RouteCollection();
        single.AddRazorPage("/", _ => page);
        var dispatcher = single.FindDispatcher("/")?.Item1
            ?? throw new InvalidOperationException("Hangfire did not register the page route it was just given");
        await dispatcher.Dispatch(context).ConfigureAwait(false);
    }
}
