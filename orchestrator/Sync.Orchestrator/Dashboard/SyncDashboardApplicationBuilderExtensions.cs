using Hangfire;
using Hangfire.Dashboard;
using Microsoft.Extensions.Options;
using Sync.Orchestrator.Api;

namespace Sync.Orchestrator.Dashboard;

/// <summary>Mounts the Hangfire dashboard with our pages and the configured access rule.</summary>
public static class SyncDashboardApplicationBuilderExtensions
{
    public const string DefaultPath = "/hangfire";

    /// <summary>
    /// Serves the dashboard at <paramref name="path"/>: local requests only, or HTTP basic authentication when
    /// <see cref="WebAccessOptions.DashboardUser"/> and <see cref="WebAccessOptions.DashboardPassword"/> are configured.
    /// Needs Hangfire's storage registered (<c>AddHangfire</c>).
    /// </summary>
    public static IApplicationBuilder UseSyncDashboard(this IApplicationBuilder app, string path = DefaultPath)
    {
        ArgumentNullException.ThrowIfNull(app);
        var access = app.ApplicationServices.GetRequiredService<IOptions<WebAccessOptions>>().Value;
        access.Validate();
        SyncDashboardRoutes.EnsureRegistered();
        IDashboardAuthorizationFilter filter = access.DashboardUsesBasicAuth
            ? new BasicAuthDashboardFilter(access.DashboardUser!, access.DashboardPassword!)
            : new LocalRequestsOnlyAuthorizationFilter();
        return app.UseHangfireDashboard(path, new DashboardOptions
        {
            DashboardTitle = "Sync",
            AppPath = null,
            Authorization = [filter],
        });
    }
}
