using System.Text;
using Hangfire.Dashboard;
using Sync.Orchestrator.Api;

namespace Sync.Orchestrator.Dashboard;

/// <summary>
/// Lets a dashboard request through when it carries HTTP basic credentials equal to the configured ones; otherwise
/// asks the browser for them (401 with <c>WWW-Authenticate: Basic</c>).
/// </summary>
public sealed class BasicAuthDashboardFilter : IDashboardAuthorizationFilter
{
    private readonly string _user;
    private readonly string _password;

    public BasicAuthDashboardFilter(string user, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentException.ThrowIfNullOrEmpty(password);
        _user = user;
        _password = password;
    }

    public bool Authorize(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.GetHttpContext();
        if (TryReadCredentials(http.Request.Headers.Authorization.ToString(), out var user, out var password)
            // Both compared every time, so timing does not tell which half was wrong.
            & SecretComparer.Matches(user, _user) & SecretComparer.Matches(password, _password))
        {
            return true;
        }
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"Sync dashboard\", charset=\"UTF-8\"";
        return false;
    }

    private static bool TryReadCredentials(string header, out string? user, out string? password)
    {
        user = null;
        password = null;
        const string scheme = "Basic ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[scheme.Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return false;
        user = decoded[..colon];
        password = decoded[(colon + 1)..];
        return true;
    }
}
