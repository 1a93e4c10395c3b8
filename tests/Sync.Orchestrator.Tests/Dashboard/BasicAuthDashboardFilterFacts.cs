using System.Text;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sync.Orchestrator.Dashboard;

namespace Sync.Orchestrator.Tests.Dashboard;

public sealed class BasicAuthDashboardFilterFacts
{
    private static readonly BasicAuthDashboardFilter Filter = new("admin", "pa:ss");

    [Fact]
    public void Authorize_Allows_WhenCredentialsMatch()
    {
        var (context, _) = Request("admin:pa:ss");

        Assert.True(Filter.Authorize(context));
    }

    [Theory]
    [InlineData("admin:wrong")]
    [InlineData("other:pa:ss")]
    [InlineData(null)]
    public void Authorize_AsksForCredentials_WhenTheyDoNotMatch(string? credentials)
    {
        var (context, http) = Request(credentials);

        Assert.False(Filter.Authorize(context));
        Assert.StartsWith("Basic ", http.Response.Headers.WWWAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Authorize_Refuses_WhenHeaderIsNotBase64()
    {
        var (context, http) = Request(null);
        http.Request.Headers.Authorization = "Basic %%%";

        Assert.False(Filter.Authorize(context));
    }

    private static (DashboardContext Context, HttpContext Http) Request(string? credentials)
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().BuildServiceProvider() };
        if (credentials is not null)
            http.Request.Headers.Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));
        // Hangfire keeps its log provider in a static; a host test may have left one whose logger factory is disposed.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        using var storage = new InMemoryStorage();
        return (new AspNetCoreDashboardContext(storage, new Hangfire.DashboardOptions(), http), http);
    }
}
