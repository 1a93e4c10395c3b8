using System.Globalization;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace Sync.Orchestrator.Dashboard;

/// <summary>
/// Base of our dashboard pages: Hangfire's layout and menu around a body the page writes. Everything that comes from
/// users, DAG files or the store goes through <see cref="Text"/> (HTML-encoded); only fixed markup is written raw.
/// </summary>
public abstract class SyncDashboardPage(string title) : RazorPage
{
    public string Title { get; } = title;

    public override void Execute()
    {
        Layout = new LayoutPage(Title);
        Markup("<div class=\"row\"><div class=\"col-md-12\"><h1 class=\"page-header\">");
        Text(Title);
        Markup("</h1>");
        RenderBanners();
        RenderContent();
        Markup("</div></div>");
    }

    /// <summary>Writes the page's own content.</summary>
    protected abstract void RenderContent();

    /// <summary>Writes text HTML-encoded.</summary>
    protected void Text(string? value) => Write(value ?? string.Empty);

    /// <summary>Writes fixed markup as it is.</summary>
    protected void Markup(string markup) => WriteLiteral(markup);

    /// <summary>Writes the URL of a dashboard path, encoded for an attribute.</summary>
    protected void Href(string dashboardPath) => Write(Url.To(dashboardPath));

    protected void Link(string dashboardPath, string text, string? cssClass = null)
    {
        Markup("<a href=\"");
        Href(dashboardPath);
        if (cssClass is not null)
        {
            Markup("\" class=\"");
            Text(cssClass);
        }
        Markup("\">");
        Text(text);
        Markup("</a>");
    }

    protected void StateLabel(string state)
    {
        Markup("<span class=\"label ");
        Markup(LabelClass(state));
        Markup(" sync-state\" data-state=\"");
        Text(state);
        Markup("\">");
        Text(state);
        Markup("</span>");
    }

    /// <summary>A one-button form that POSTs to a dashboard path with the antiforgery token; hidden when read-only.</summary>
    protected void PostButton(string dashboardPath, string label, string buttonClass, string? confirm = null, IReadOnlyDictionary<string, string>? fields = null)
    {
        if (IsReadOnly) return;
        Markup("<form method=\"post\" class=\"sync-inline-form\" style=\"display:inline\" action=\"");
        Href(dashboardPath);
        Markup("\"");
        if (confirm is not null)
        {
            Markup(" onsubmit=\"return confirm(this.dataset.confirm)\" data-confirm=\"");
            Text(confirm);
            Markup("\"");
        }
        Markup(">");
        AntiforgeryField();
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            Markup("<input type=\"hidden\" name=\"");
            Text(name);
            Markup("\" value=\"");
            Text(value);
            Markup("\">");
        }
        Markup("<button type=\"submit\" class=\"btn btn-sm ");
        Markup(buttonClass);
        Markup("\">");
        Text(label);
        Markup("</button></form> ");
    }

    /// <summary>The hidden field ASP.NET Core antiforgery reads on form posts (Hangfire checks it on every POST).</summary>
    protected void AntiforgeryField()
    {
        if (string.IsNullOrEmpty(Context.AntiforgeryToken)) return;
        var options = Context.GetHttpContext().RequestServices.GetService<IOptions<AntiforgeryOptions>>()?.Value;
        Markup("<input type=\"hidden\" name=\"");
        Text(options?.FormFieldName ?? new AntiforgeryOptions().FormFieldName);
        Markup("\" value=\"");
        Text(Context.AntiforgeryToken);
        Markup("\">");
    }

    protected static string Time(DateTimeOffset? value) =>
        value is { } time ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "–";

    protected static string Seconds(double? value) =>
        value is { } seconds ? seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "–";

    protected static string Number(long? value) =>
        value is { } number ? number.ToString("N0", CultureInfo.InvariantCulture) : "–";

    private void RenderBanners()
    {
        if (Query("message") is { Length: > 0 } message)
        {
            Markup("<div class=\"alert alert-success sync-message\">");
            Text(message);
            Markup("</div>");
        }
        if (Query("error") is { Length: > 0 } error)
        {
            Markup("<div class=\"alert alert-danger sync-error\">");
            Text(error);
            Markup("</div>");
        }
    }

    private static string LabelClass(string state) => state switch
    {
        "success" => "label-success",
        "failed" or "upstream_failed" => "label-danger",
        "running" => "label-info",
        "up_for_retry" or "retrying" or "stalled" or "waiting" or "fenced" => "label-warning",
        "done" => "label-success",
        "queued" or "scheduled" => "label-primary",
        _ => "label-default",
    };
}
