namespace Sync.Orchestrator.Api;

/// <summary>
/// Who may use the dashboard and the REST API (configuration section <c>Sync:Web</c>). With nothing set, both answer
/// only requests from the machine itself; credentials open them to other addresses.
/// </summary>
public sealed record WebAccessOptions
{
    public const string SectionName = "Sync:Web";

    /// <summary>Dashboard user for HTTP basic authentication; with <see cref="DashboardPassword"/> it replaces the local-only rule.</summary>
    public string? DashboardUser { get; init; }

    public string? DashboardPassword { get; init; }

    /// <summary>Bearer token the REST API requires; when set it replaces the local-only rule.</summary>
    public string? ApiToken { get; init; }

    public bool DashboardUsesBasicAuth => !string.IsNullOrEmpty(DashboardUser) && !string.IsNullOrEmpty(DashboardPassword);

    public bool ApiUsesToken => !string.IsNullOrEmpty(ApiToken);

    /// <summary>Throws naming the setting when only half of the basic-auth credentials is given.</summary>
    public void Validate()
    {
        if (string.IsNullOrEmpty(DashboardUser) != string.IsNullOrEmpty(DashboardPassword))
            throw new InvalidOperationException($"{SectionName}:DashboardUser and {SectionName}:DashboardPassword must be set together (one of them is empty)");
        if (DashboardUser?.Contains(':', StringComparison.Ordinal) == true)
            throw new InvalidOperationException($"{SectionName}:DashboardUser must not contain ':' (basic authentication splits user and password there)");
    }
}
