namespace Sync.FakeKubernetes;

/// <summary>
/// One API request as RBAC sees it: verb (create, get, list, watch, delete), resource, subresource.
/// Kept so a test can compare what a client does with what a Role grants.
/// </summary>
/// <param name="Verb">RBAC verb.</param>
/// <param name="Resource">Resource plural, e.g. <c>pods</c>.</param>
/// <param name="Subresource">Subresource, e.g. <c>log</c>, or null.</param>
/// <param name="Namespace">Namespace of the request.</param>
/// <param name="Name">Object name, or null for collection requests.</param>
/// <param name="StatusCode">HTTP status the fake answered with.</param>
/// <param name="Body">Request body for create, as sent.</param>
public sealed record RecordedCall(
    string Verb,
    string Resource,
    string? Subresource,
    string Namespace,
    string? Name,
    int StatusCode,
    string? Body)
{
    /// <summary>The RBAC rule this call needs, e.g. <c>pods/log get</c>.</summary>
    public string Permission => (Subresource is null ? Resource : $"{Resource}/{Subresource}") + " " + Verb;
}
